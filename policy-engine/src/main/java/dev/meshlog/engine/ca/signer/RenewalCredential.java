package dev.meshlog.engine.ca.signer;

import java.io.IOException;
import java.io.StringReader;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * The value of a CERTIFICATE credential: the current chain (PEM, leaf first) and the last line
 * {@code signature: <base64 signature over the CSR's DER>}. Parsing only; {@link RenewalProofVerifier} judges.
 */
record RenewalCredential(List<X509Certificate> chain, byte[] signature) {

  static final String SIGNATURE_PREFIX = "signature:";

  /** Renders a credential as a proxy sends it. */
  static String format(String chainPem, byte[] signature) {
    String pem = chainPem.endsWith("\n") ? chainPem : chainPem + "\n";
    return pem + SIGNATURE_PREFIX + " " + Base64.getEncoder().encodeToString(signature) + "\n";
  }

  static Optional<RenewalCredential> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String[] lines = value.strip().split("\r?\n");
    String last = lines[lines.length - 1].strip();
    if (!last.startsWith(SIGNATURE_PREFIX)) {
      return Optional.empty();
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(last.substring(SIGNATURE_PREFIX.length()).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<X509Certificate> chain = new ArrayList<>();
    String pem = String.join("\n", List.of(lines).subList(0, lines.length - 1));
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (!(block instanceof X509CertificateHolder holder)) {
          return Optional.empty();
        }
        chain.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      return Optional.empty();
    }
    return chain.isEmpty() || signature.length == 0 ? Optional.empty() : Optional.of(new RenewalCredential(chain, signature));
  }
}
