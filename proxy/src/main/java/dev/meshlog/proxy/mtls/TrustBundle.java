package dev.meshlog.proxy.mtls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The roots this proxy trusts for peer certificates and the trust domain peers must belong to, from
 * the applied snapshot. During a root rotation it holds both roots (Istio's overlap window).
 */
public record TrustBundle(String trustDomain, List<X509Certificate> roots) {

  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
  public static final TrustBundle EMPTY = new TrustBundle(DEFAULT_TRUST_DOMAIN, List.of());

  public TrustBundle {
    Objects.requireNonNull(trustDomain, "trustDomain");
    if (trustDomain.isBlank()) {
      throw new IllegalArgumentException("the trust domain is empty");
    }
    roots = List.copyOf(roots);
  }

  /**
   * @param pems one PEM certificate per entry (an entry may hold several)
   * @throws IllegalArgumentException when an entry is not a certificate
   */
  public static TrustBundle fromPem(String trustDomain, List<String> pems) {
    List<X509Certificate> roots = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (String pem : pems) {
        for (var c : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
          roots.add((X509Certificate) c);
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("trust bundle: not a PEM certificate: " + e.getMessage(), e);
    }
    return new TrustBundle(trustDomain, roots);
  }
}
