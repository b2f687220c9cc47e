package dev.meshlog.proxy.mtls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a peer's certificate chain as Istio's Envoy config does: it must chain to a root of the
 * trust bundle (PKIX, every certificate within validity), and the leaf must carry exactly one
 * {@code spiffe://} URI SAN, in our trust domain. Pure: the trust manager calls it in the
 * handshake, and tests call it with minted chains.
 */
public final class PeerVerifier {

  private static final int URI_SAN = 6;

  private final Clock clock;

  public PeerVerifier(Clock clock) {
    this.clock = clock;
  }

  public PeerCheck verify(X509Certificate[] chain, TrustBundle trust) {
    if (chain == null || chain.length == 0) {
      return new PeerCheck.Refused(MtlsStats.Counter.NO_CERTIFICATE, "the peer presented no certificate");
    }
    X509Certificate leaf = chain[0];
    Date now = Date.from(clock.instant());
    for (X509Certificate c : chain) {
      try {
        c.checkValidity(now);
      } catch (CertificateExpiredException | CertificateNotYetValidException e) {
        return new PeerCheck.Refused(MtlsStats.Counter.FAIL_VERIFY_ERROR,
            "certificate " + c.getSubjectX500Principal() + " is outside its validity (" + c.getNotBefore() + " .. "
                + c.getNotAfter() + ")");
      }
    }
    if (trust.roots().isEmpty()) {
      return new PeerCheck.Refused(MtlsStats.Counter.FAIL_VERIFY_ERROR, "no trust bundle yet: no peer can be trusted");
    }
    String chainError = chainError(chain, trust, now);
    if (chainError != null) {
      return new PeerCheck.Refused(MtlsStats.Counter.FAIL_VERIFY_ERROR, chainError);
    }
    List<String> uris = spiffeUris(leaf);
    if (uris.size() != 1) {
      return new PeerCheck.Refused(MtlsStats.Counter.FAIL_VERIFY_SAN,
          "the peer certificate has " + uris.size() + " spiffe:// URI SANs " + uris + ", expected exactly one");
    }
    String uri = uris.get(0);
    String domain = trustDomainOf(uri);
    if (!trust.trustDomain().equals(domain)) {
      return new PeerCheck.Refused(MtlsStats.Counter.FAIL_VERIFY_SAN,
          "peer " + uri + " is in trust domain " + domain + ", not ours (" + trust.trustDomain() + ")");
    }
    return new PeerCheck.Verified(uri);
  }

  /** The client's extra check: the server is the workload the endpoint was registered as. */
  public static PeerCheck expect(PeerCheck check, String expectedIdentity) {
    if (check instanceof PeerCheck.Verified verified && !expectedIdentity.isEmpty()
        && !verified.spiffeUri().equals(expectedIdentity)) {
      return new PeerCheck.Refused(MtlsStats.Counter.FAIL_VERIFY_SAN,
          "the server presented " + verified.spiffeUri() + ", expected " + expectedIdentity);
    }
    return check;
  }

  /** Null when {@code chain} leads to a root of the bundle, else why not. */
  private static String chainError(X509Certificate[] chain, TrustBundle trust, Date now) {
    try {
      // The path excludes any root the peer sent along: trust comes from the bundle only.
      List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
      Set<X509Certificate> roots = Set.copyOf(trust.roots());
      path.removeIf(roots::contains);
      if (path.isEmpty()) {
        return "the peer presented only a root certificate";
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(
          trust.roots().stream().map(r -> new TrustAnchor(r, null)).collect(Collectors.toSet()));
      params.setRevocationEnabled(false);
      params.setDate(now);
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return null;
    } catch (CertPathValidatorException e) {
      return "the peer chain does not lead to a trusted root: " + e.getMessage();
    } catch (GeneralSecurityException e) {
      return "the peer chain cannot be checked: " + e.getMessage();
    }
  }

  /** The leaf's URI SANs that are SPIFFE IDs. */
  public static List<String> spiffeUris(X509Certificate leaf) {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.size() >= 2 && Integer.valueOf(URI_SAN).equals(name.get(0)) && name.get(1) instanceof String uri
              && uri.startsWith("spiffe://")) {
            uris.add(uri);
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return List.of();
    }
    return uris;
  }

  /** {@code spiffe://td/ns/x/sa/y} -> {@code td}. */
  static String trustDomainOf(String spiffeUri) {
    String rest = spiffeUri.substring("spiffe://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
