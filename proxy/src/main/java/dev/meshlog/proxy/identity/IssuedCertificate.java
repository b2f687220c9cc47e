package dev.meshlog.proxy.identity;

import java.net.URI;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A chain the mesh CA published for a proxy, decoded: public material only.
 *
 * @param proxyId the record's key, the proxy it was issued to
 * @param chain leaf first, then the intermediates; never empty
 */
public record IssuedCertificate(String proxyId, List<X509Certificate> chain) {

  /** GeneralName tag of a URI SAN (RFC 5280). */
  private static final int URI_NAME = 6;

  public IssuedCertificate {
    Objects.requireNonNull(proxyId, "proxyId");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("an issued chain has at least its leaf");
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The leaf's serial number in hex, as the CA publishes it and Envoy's /certs shows it. */
  public String serial() {
    return leaf().getSerialNumber().toString(16);
  }

  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /** The leaf's URI SANs: a workload certificate has exactly one, its SPIFFE identity. */
  public List<URI> uriSans() {
    Collection<List<?>> names;
    try {
      names = leaf().getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject alternative names: " + e.getMessage(), e);
    }
    List<URI> uris = new ArrayList<>();
    if (names != null) {
      for (List<?> name : names) {
        if (name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0))) {
          uris.add(URI.create(String.valueOf(name.get(1))));
        }
      }
    }
    return uris;
  }
}
