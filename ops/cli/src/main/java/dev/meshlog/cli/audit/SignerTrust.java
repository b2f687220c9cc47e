package dev.meshlog.cli.audit;

import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.engine.ca.checkpoint.CheckpointSignature;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a checkpoint was signed by the mesh CA: its signature verifies with the first certificate
 * of its signer chain, that certificate is a CA certificate (workload certificates chain to the same
 * root), and the chain leads (PKIX, at the checkpoint's own time) to a root that was in a trust
 * bundle of the checkpoint's trust domain. Roots of every bundle version count, because
 * roots rotate and a checkpoint signed before a rotation stays valid after it.
 */
public final class SignerTrust {

  private final Map<String, Set<X509Certificate>> rootsByDomain;
  private final List<X509Certificate> anyDomain;

  private SignerTrust(Map<String, Set<X509Certificate>> rootsByDomain, List<X509Certificate> anyDomain) {
    this.rootsByDomain = rootsByDomain;
    this.anyDomain = List.copyOf(anyDomain);
  }

  /** The roots of every bundle version; a root that does not parse is skipped (it trusts nothing). */
  public static SignerTrust fromBundles(Collection<MeshTrustBundle> bundles) {
    Map<String, Set<X509Certificate>> roots = new HashMap<>();
    for (MeshTrustBundle bundle : bundles) {
      for (String pem : bundle.getRootsPem()) {
        parse(pem).ifPresent(root -> roots.computeIfAbsent(bundle.getTrustDomain(), d -> new LinkedHashSet<>()).add(root));
      }
    }
    return new SignerTrust(roots, List.of());
  }

  /**
   * Also trusts {@code pem}'s root certificates in every trust domain: roots an operator kept, because the
   * bundle topic is compacted and a root retired long ago may no longer be on it.
   *
   * @throws IllegalArgumentException naming why when {@code pem} holds no certificate or one that is not a CA
   */
  public SignerTrust withRoots(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("no certificate in it");
    }
    List<X509Certificate> extra = new ArrayList<>();
    try {
      for (var certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        extra.add((X509Certificate) certificate);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
    }
    if (extra.isEmpty()) {
      throw new IllegalArgumentException("no certificate in it");
    }
    for (X509Certificate root : extra) {
      if (root.getBasicConstraints() < 0) {
        throw new IllegalArgumentException("not a CA certificate: " + root.getSubjectX500Principal().getName());
      }
    }
    Map<String, Set<X509Certificate>> all = new HashMap<>();
    rootsByDomain.forEach((domain, roots) -> all.put(domain, new LinkedHashSet<>(roots)));
    return new SignerTrust(all, extra);
  }

  /** Empty when {@code checkpoint} is genuine; otherwise why it is not ("bad signature", "untrusted signer: ..."). */
  public Optional<String> problem(PolicyCheckpoint checkpoint) {
    List<X509Certificate> chain = new ArrayList<>();
    for (String pem : checkpoint.getSignerChainPem()) {
      Optional<X509Certificate> certificate = parse(pem);
      if (certificate.isEmpty()) {
        return Optional.of("untrusted signer: its signer chain holds something that is not a certificate");
      }
      chain.add(certificate.get());
    }
    if (chain.isEmpty()) {
      return Optional.of("untrusted signer: no signer chain");
    }
    if (!CheckpointSignature.verify(checkpoint, chain.get(0).getPublicKey())) {
      return Optional.of("bad signature");
    }
    if (chain.get(0).getBasicConstraints() < 0) {
      // every sidecar holds a key whose chain leads to the mesh root: only the CA itself may vouch for the chain
      return Optional.of("untrusted signer " + chain.get(0).getSubjectX500Principal().getName()
          + ": not a CA certificate (a workload certificate cannot sign checkpoints)");
    }
    Set<X509Certificate> roots = new LinkedHashSet<>(rootsByDomain.getOrDefault(checkpoint.getTrustDomain(), Set.of()));
    roots.addAll(anyDomain);
    if (roots.isEmpty()) {
      return Optional.of("untrusted signer: no trust bundle of trust domain " + checkpoint.getTrustDomain());
    }
    return validate(chain, roots, Date.from(checkpoint.getEnvelope().getTime()))
        .map(why -> "untrusted signer " + chain.get(0).getSubjectX500Principal().getName() + ": " + why);
  }

  private static Optional<String> validate(List<X509Certificate> chain, Set<X509Certificate> roots, Date at) {
    List<X509Certificate> path = new ArrayList<>(chain);
    if (path.size() > 1 && roots.contains(path.get(path.size() - 1))) {
      path.remove(path.size() - 1); // the anchor itself is not part of a PKIX path
    }
    if (path.size() == 1 && roots.contains(path.get(0))) {
      return Optional.empty(); // signed by a trusted root directly
    }
    try {
      Set<TrustAnchor> anchors = new LinkedHashSet<>();
      roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false); // the mesh CA publishes no CRL or OCSP
      parameters.setDate(at); // the signing time: a CA certificate that expired since still vouches for what it signed then
      CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of("its chain does not lead to a root of the trust bundle (" + e.getMessage() + ")");
    }
  }

  private static Optional<X509Certificate> parse(String pem) {
    try {
      return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    } catch (GeneralSecurityException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
