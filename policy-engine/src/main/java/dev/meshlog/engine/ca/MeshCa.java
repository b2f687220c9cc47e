package dev.meshlog.engine.ca;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's own CA: a root (10 years by default) and an intermediate (1 year, pathLen 0) that
 * signs workloads. Created on first start, loaded on every later one. Keys are stored as encrypted
 * PKCS#8 PEM, so a copy of the directory without the passphrase is useless.
 *
 * <p>The root key is kept only to re-issue the intermediate later; workload signing never touches
 * it. If some files exist but not all, loading fails naming the missing file rather than creating
 * a fresh root: a new root would silently break trust with every certificate already issued.
 */
public final class MeshCa {

  private static final Logger LOG = LoggerFactory.getLogger(MeshCa.class);

  private MeshCa() {}

  public static SigningCa loadOrCreate(CaSettings settings, char[] passphrase, Clock clock) {
    CaDirectory files = settings.files();
    if (files.holdsNoOwnCaFile()) {
      return create(settings, passphrase, clock.instant());
    }
    return load(files, passphrase, clock.instant());
  }

  /** Loads an existing own CA and checks the root key, the chain and the intermediate key. */
  public static SigningCa load(CaDirectory files, char[] passphrase, Instant now) {
    for (Path file : files.ownCaFiles()) {
      if (!Files.exists(file)) {
        throw new CaFileException(file, "missing while other CA files exist in " + files.path()
            + "; restore it, or empty the directory to create a new root (which invalidates every issued certificate)");
      }
    }
    X509Certificate root = PemFiles.readCertificate(files.rootCert());
    PrivateKey rootKey = PemFiles.readPrivateKey(files.rootKey(), passphrase);
    CaChainVerifier.verifyKeyMatches(files.rootKey(), rootKey, root, CaDirectory.ROOT_CERT);
    SigningCa ca = new SigningCa(PemFiles.readCertificate(files.caCert()),
        PemFiles.readPrivateKey(files.caKey(), passphrase), List.of(), root);
    CaChainVerifier.verify(files, ca, now);
    LOG.info("Loaded mesh CA {}", ca);
    return ca;
  }

  private static SigningCa create(CaSettings settings, char[] passphrase, Instant now) {
    CaDirectory files = settings.files();
    createOwnerOnlyDirectory(files.path());
    SigningCa ca = writeNewRoot(settings, passphrase, now);
    LOG.info("Created mesh CA {} in {}", ca, files.path());
    return ca;
  }

  /**
   * Replaces the root and the intermediate with new ones, keeping the old root trusted for
   * {@code overlap}: it is written to {@value CaDirectory#PREVIOUS_ROOT_CERT} with the instant its
   * trust ends, and {@link TrustedRoots#at} lists both roots until then. Certificates the old
   * intermediate issued keep validating during the overlap, so it should be at least the workload
   * certificate TTL (every workload renews under the new root within one TTL).
   *
   * <p>A running signer picks the new CA up from the directory (see the signer job); its trust
   * bundle grows to both roots at once and shrinks to the new one when the overlap ends.
   *
   * @throws IllegalStateException if the previous rotation's overlap has not ended yet: rotating
   *     again would drop a root that workloads may still depend on
   */
  public static RootRotation rotateRoot(CaSettings settings, char[] passphrase, Duration overlap, Clock clock) {
    if (overlap.isNegative() || overlap.isZero()) {
      throw new IllegalArgumentException("the rotation overlap must be positive, got " + overlap);
    }
    CaDirectory files = settings.files();
    Instant now = clock.instant();
    SigningCa old = load(files, passphrase, now);
    PreviousRoot.read(files).filter(p -> p.trustedAt(now)).ifPresent(p -> {
      throw new IllegalStateException("the previous root rotation's overlap lasts until " + p.trustEnds()
          + "; rotate again after that");
    });
    PreviousRoot previous = new PreviousRoot(old.root(), now.plus(overlap));
    // The old root is saved before anything is overwritten, so trust in it can never be lost.
    previous.write(files);
    SigningCa ca = writeNewRoot(settings, passphrase, now);
    LOG.info("Rotated mesh CA root in {}: new {}, old root trusted until {}", files.path(), ca, previous.trustEnds());
    return new RootRotation(ca, previous);
  }

  private static SigningCa writeNewRoot(CaSettings settings, char[] passphrase, Instant now) {
    CaDirectory files = settings.files();
    KeyPair rootKeys = CaCrypto.newCaKeyPair();
    X509Certificate root = CaCertificates.root(rootKeys, settings.organization(), now, settings.rootValidity());
    KeyPair caKeys = CaCrypto.newCaKeyPair();
    X509Certificate caCert = CaCertificates.intermediate(caKeys, root, rootKeys.getPrivate(),
        settings.organization(), now, settings.intermediateValidity());
    // Keys first and the chain last: a crash part-way leaves an incomplete set, which load refuses.
    SecureFiles.writeOwnerOnly(files.rootKey(), EncryptedKeyPem.encrypt(rootKeys.getPrivate(), passphrase));
    SecureFiles.writeOwnerOnly(files.rootCert(), PemFiles.toPem(List.of(root)));
    SecureFiles.writeOwnerOnly(files.caKey(), EncryptedKeyPem.encrypt(caKeys.getPrivate(), passphrase));
    SecureFiles.writeOwnerOnly(files.caCert(), PemFiles.toPem(List.of(caCert)));
    SecureFiles.writeOwnerOnly(files.certChain(), PemFiles.toPem(List.of(caCert, root)));
    return new SigningCa(caCert, caKeys.getPrivate(), List.of(), root);
  }

  static void createOwnerOnlyDirectory(Path directory) {
    if (Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      throw new CaFileException(directory, "file system has no POSIX permissions; cannot keep CA keys private", e);
    } catch (IOException e) {
      throw new CaFileException(directory, "cannot create the CA directory: " + e, e);
    }
  }
}
