package dev.meshlog.engine.ca;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trust bundle of a CA directory at a given time: the previous root while its overlap window
 * lasts, then the current root (the one that signs now comes last, as MeshTrustBundle orders them).
 * Reads only public files, so it can be evaluated without the passphrase.
 */
public final class TrustedRoots {

  private TrustedRoots() {}

  public static TrustBundle at(CaDirectory files, Instant now) {
    return at(PemFiles.readCertificate(files.rootCert()), PreviousRoot.read(files), now);
  }

  static TrustBundle at(X509Certificate current, Optional<PreviousRoot> previous, Instant now) {
    List<X509Certificate> roots = new ArrayList<>();
    previous.filter(p -> p.trustedAt(now) && !p.root().equals(current)).ifPresent(p -> roots.add(p.root()));
    roots.add(current);
    return new TrustBundle(roots);
  }
}
