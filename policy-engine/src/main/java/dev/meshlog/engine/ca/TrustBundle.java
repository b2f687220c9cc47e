package dev.meshlog.engine.ca;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The roots a workload trusts. More than one root at a time is what makes root rotation possible
 * without an outage: during the overlap, peers trust both the old and the new root, so a
 * certificate from either CA validates until every workload has been re-issued.
 */
public record TrustBundle(List<X509Certificate> roots) {

  public TrustBundle {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("a trust bundle needs at least one root");
    }
    Set<X509Certificate> distinct = new LinkedHashSet<>(roots);
    if (distinct.size() != roots.size()) {
      throw new IllegalArgumentException("a trust bundle lists a root twice");
    }
    for (X509Certificate root : roots) {
      if (root.getBasicConstraints() < 0) {
        throw new IllegalArgumentException("not a CA certificate in the trust bundle: "
            + root.getSubjectX500Principal().getName());
      }
    }
    roots = List.copyOf(roots);
  }

  public static TrustBundle of(X509Certificate... roots) {
    return new TrustBundle(List.of(roots));
  }

  /** This bundle plus another root, for the rotation overlap; the existing roots stay first. */
  public TrustBundle with(X509Certificate newRoot) {
    List<X509Certificate> all = new ArrayList<>(roots);
    all.add(newRoot);
    return new TrustBundle(all);
  }

  /** This bundle without a root, once rotation is done; at least one root must remain. */
  public TrustBundle without(X509Certificate oldRoot) {
    List<X509Certificate> rest = new ArrayList<>(roots);
    if (!rest.remove(oldRoot)) {
      throw new IllegalArgumentException("root not in the trust bundle: "
          + oldRoot.getSubjectX500Principal().getName());
    }
    return new TrustBundle(rest);
  }

  /** The roots as concatenated PEM, the form Istio's root-cert.pem and Envoy's trusted_ca take. */
  public String pem() {
    return PemFiles.toPem(roots);
  }

  public Set<TrustAnchor> trustAnchors() {
    Set<TrustAnchor> anchors = new LinkedHashSet<>();
    roots.forEach(root -> anchors.add(new TrustAnchor(root, null)));
    return anchors;
  }
}
