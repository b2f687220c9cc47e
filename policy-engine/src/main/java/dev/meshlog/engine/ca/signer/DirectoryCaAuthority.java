package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.CaDirectory;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.PluginCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.TrustBundle;
import dev.meshlog.engine.ca.TrustedRoots;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA of a {@link CaConfig}'s directory. The trust bundle is read from the directory's public
 * files each time, so a root rotation done beside the running engine ({@code MeshCa.rotateRoot})
 * reaches the bundle at the next check; {@link #refresh} then loads the new intermediate, so new
 * certificates come from the new root.
 */
final class DirectoryCaAuthority implements CaAuthority {

  private static final Logger log = LoggerFactory.getLogger(DirectoryCaAuthority.class);

  private final CaConfig config;
  private final AtomicReference<SigningCa> current;

  private DirectoryCaAuthority(CaConfig config, SigningCa ca) {
    this.config = config;
    this.current = new AtomicReference<>(ca);
  }

  static DirectoryCaAuthority open(CaConfig config) {
    return new DirectoryCaAuthority(config, load(config, config.clock().instant(), true));
  }

  @Override
  public SigningCa signingCa() {
    return current.get();
  }

  @Override
  public TrustBundle trustBundle(Instant now) {
    try {
      return TrustedRoots.at(config.settings().files(), now);
    } catch (IllegalArgumentException e) { // CaFileException: a file being replaced or broken; keep serving
      log.warn("cannot read the trust bundle from {}: {}; using the signing CA's root", config.settings().directory(),
          e.getMessage());
      return current.get().trustBundle();
    }
  }

  @Override
  public void refresh(Instant now) {
    CaDirectory files = config.settings().files();
    try {
      TrustBundle onDisk = TrustedRoots.at(files, now);
      if (onDisk.roots().get(onDisk.roots().size() - 1).equals(current.get().root())) {
        return;
      }
      SigningCa reloaded = load(config, now, false);
      current.set(reloaded);
      log.info("mesh CA in {} changed on disk (root rotation); signing with {} from now on", files.path(), reloaded);
    } catch (IllegalArgumentException e) {
      log.warn("cannot reload the mesh CA from {}: {}; still signing with {}", files.path(), e.getMessage(), current.get());
    }
  }

  private static SigningCa load(CaConfig config, Instant now, boolean createIfMissing) {
    char[] passphrase = config.passphrase();
    try {
      if (config.isPluginCa()) {
        return PluginCa.load(config.settings().directory(), passphrase.length == 0 ? null : passphrase, now);
      }
      return createIfMissing ? MeshCa.loadOrCreate(config.settings(), passphrase, config.clock())
          : MeshCa.load(config.settings().files(), passphrase, now);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }
}
