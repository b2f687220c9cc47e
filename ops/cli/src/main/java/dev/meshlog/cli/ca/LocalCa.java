package dev.meshlog.cli.ca;

import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.signer.CaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The mesh CA of a Meshlog data directory: its files in {@code <data-dir>/ca} (Istio's cacerts names,
 * the keys encrypted), and the passphrase that unlocks them.
 *
 * <p>The passphrase comes from {@code $MESHLOG_CA_PASSPHRASE} when set, which is how a production
 * engine should get it (from a secret store). Without it, the embedded default keeps a random
 * passphrase in {@code <data-dir>/ca-passphrase} (rw-------), outside the CA directory: a copy of
 * {@code ca/} alone (a backup, a cacerts secret) then holds no usable key. On one machine that is as
 * strong as the file permissions, which the docs say.
 */
public final class LocalCa {

  public static final String PASSPHRASE_ENV = "MESHLOG_CA_PASSPHRASE";
  static final String PASSPHRASE_FILE = "ca-passphrase";

  private LocalCa() {}

  /** The CA config of {@code dataDir} in {@code trustDomain}; makes the passphrase file on first use. */
  public static CaConfig of(Path dataDir, String trustDomain, Map<String, String> env) {
    return inDirectory(dataDir.resolve("ca"), trustDomain, env);
  }

  /**
   * The CA kept in {@code caDir} (e.g. an engine pod's volume); without {@code $MESHLOG_CA_PASSPHRASE} the
   * passphrase file lives beside it ({@code <caDir>/../ca-passphrase}), as for a data directory.
   */
  public static CaConfig inDirectory(Path caDir, String trustDomain, Map<String, String> env) {
    Path absolute = caDir.toAbsolutePath();
    CaSettings settings = CaSettings.defaults(absolute, trustDomain);
    return CaConfig.ownCa(settings, passphrase(absolute.getParent(), env)).withTrustDomain(trustDomain);
  }

  static char[] passphrase(Path dataDir, Map<String, String> env) {
    String fromEnv = env.get(PASSPHRASE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    Path file = dataDir.resolve(PASSPHRASE_FILE);
    try {
      Files.createDirectories(dataDir);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      try {
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            Base64.getEncoder().encodeToString(random), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        // made by an earlier run: use it
      }
      String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (stored.isEmpty()) {
        throw new IllegalStateException(file + ": the CA passphrase file is empty");
      }
      return stored.toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read or create the CA passphrase file", e);
    }
  }
}
