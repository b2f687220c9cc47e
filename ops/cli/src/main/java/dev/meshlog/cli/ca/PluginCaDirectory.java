package dev.meshlog.cli.ca;

import dev.meshlog.engine.ca.PluginCa;
import dev.meshlog.engine.ca.signer.CaConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * An operator's CA in Istio's {@code cacerts} layout as {@code meshlog engine --plugin-ca} and {@code meshlog token
 * --plugin-ca} use it: several engine instances mount the same directory read-only and sign with one key under one
 * root. Unlike {@link LocalCa} nothing is ever created: an encrypted ca-key.pem is unlocked with
 * {@code $MESHLOG_CA_PASSPHRASE}, and there is no passphrase file to fall back to.
 */
public final class PluginCaDirectory {

  private PluginCaDirectory() {}

  /** The engine's CA config for the plug-in CA in {@code directory}, signing in {@code trustDomain}. */
  public static CaConfig config(Path directory, String trustDomain, Map<String, String> env) {
    return CaConfig.pluginCa(directory.toAbsolutePath(), passphrase(env)).withTrustDomain(trustDomain);
  }

  /**
   * Loads and verifies the CA at {@code now} as the signer will (files present, chain to the root, key matching
   * ca-cert.pem, a CA certificate), so a bad mount fails the command at once.
   *
   * @throws IllegalArgumentException (a {@code CaFileException}) whose message starts with the file to fix
   */
  public static void check(Path directory, Map<String, String> env, Instant now) {
    char[] passphrase = passphrase(env);
    try {
      PluginCa.load(directory.toAbsolutePath(), passphrase, now);
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  /** Null when unset: Istio ships ca-key.pem unencrypted. */
  private static char[] passphrase(Map<String, String> env) {
    String fromEnv = env.get(LocalCa.PASSPHRASE_ENV);
    return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv.toCharArray();
  }
}
