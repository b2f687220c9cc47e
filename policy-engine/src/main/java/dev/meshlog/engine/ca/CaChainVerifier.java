package dev.meshlog.engine.ca;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks that a loaded CA is usable before it signs anything: the root is a self-signed CA,
 * ca-cert is a CA that chains up to the root through cert-chain with PKIX (so path length, key
 * usage and validity are checked the way peers will check them), and ca-key is ca-cert's key.
 * Each failure names the file to fix.
 */
final class CaChainVerifier {

  private CaChainVerifier() {}

  static void verify(CaDirectory files, SigningCa ca, Instant now) {
    verifyRoot(files, ca.root());
    verifyCurrent(files.rootCert(), ca.root(), now);
    verifyIsSigningCa(files, ca.certificate());
    verifyCurrent(files.caCert(), ca.certificate(), now);
    verifyPath(files, ca, now);
    verifyKeyMatches(files.caKey(), ca.privateKey(), ca.certificate(), CaDirectory.CA_CERT);
  }

  private static void verifyRoot(CaDirectory files, X509Certificate root) {
    try {
      root.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CaFileException(files.rootCert(), "not a self-signed root certificate: " + e.getMessage(), e);
    }
    if (root.getBasicConstraints() < 0) {
      throw new CaFileException(files.rootCert(), "not a CA certificate (basicConstraints CA:false)");
    }
  }

  /** Said plainly before PKIX, whose "validity check failed" does not say which end or when. */
  private static void verifyCurrent(Path file, X509Certificate certificate, Instant now) {
    if (now.isAfter(certificate.getNotAfter().toInstant())) {
      throw new CaFileException(file, "certificate expired at " + certificate.getNotAfter().toInstant());
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      throw new CaFileException(file, "certificate not valid before " + certificate.getNotBefore().toInstant()
          + " (check the clock)");
    }
  }

  private static void verifyIsSigningCa(CaDirectory files, X509Certificate caCert) {
    if (caCert.getBasicConstraints() < 0) {
      throw new CaFileException(files.caCert(), "not a CA certificate (basicConstraints CA:false)");
    }
    boolean[] usage = caCert.getKeyUsage();
    if (usage != null && !usage[5]) { // keyUsage absent means unrestricted (RFC 5280 4.2.1.3)
      throw new CaFileException(files.caCert(), "keyUsage does not allow keyCertSign");
    }
  }

  private static void verifyPath(CaDirectory files, SigningCa ca, Instant now) {
    if (ca.certificate().equals(ca.root())) {
      return; // a root used directly as the signing CA: the self-signature check was the path
    }
    List<X509Certificate> path = new ArrayList<>();
    path.add(ca.certificate());
    path.addAll(ca.intermediates());
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.root(), null)));
      parameters.setRevocationEnabled(false); // the mesh CA publishes no CRL or OCSP
      parameters.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    } catch (GeneralSecurityException e) {
      throw new CaFileException(files.caCert(), "does not chain up to " + CaDirectory.ROOT_CERT
          + " through " + CaDirectory.CERT_CHAIN + ": " + e.getMessage(), e);
    }
  }

  /** Signs a random challenge with the key and checks it with the certificate: works for any key type. */
  static void verifyKeyMatches(Path keyFile, PrivateKey key, X509Certificate certificate, String certName) {
    byte[] challenge = new byte[32];
    CaCrypto.RANDOM.nextBytes(challenge);
    boolean matches;
    try {
      String algorithm = CaCrypto.signatureAlgorithm(key);
      Signature signer = Signature.getInstance(algorithm, CaCrypto.BC);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, CaCrypto.BC);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CaFileException(keyFile, "cannot be used with " + certName + ": " + e.getMessage(), e);
    }
    if (!matches) {
      throw new CaFileException(keyFile, "does not match the public key in " + certName);
    }
  }
}
