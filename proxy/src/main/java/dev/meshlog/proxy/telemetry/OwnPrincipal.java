package dev.meshlog.proxy.telemetry;

import dev.meshlog.proxy.mtls.PeerVerifier;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The workload's own SPIFFE URI as its installed certificate states it: certificates rotate (and
 * may be installed after start), so it is read per record, parsed only when the leaf changed.
 * Called by the telemetry sender threads only.
 */
public final class OwnPrincipal implements Supplier<String> {

  private final Supplier<Optional<X509Certificate>> leaf;
  private final String fallback;
  private volatile Parsed last = new Parsed(null, RequestOutcome.UNKNOWN);

  private record Parsed(X509Certificate leaf, String principal) {}

  /** @param fallback what to report while no certificate is installed */
  public OwnPrincipal(Supplier<Optional<X509Certificate>> leaf, String fallback) {
    this.leaf = leaf;
    this.fallback = ReportingWorkload.orUnknown(fallback);
  }

  /** Always the given principal (tests, sidecars without mesh identity). */
  public static OwnPrincipal fixed(String principal) {
    return new OwnPrincipal(Optional::empty, principal);
  }

  @Override
  public String get() {
    Optional<X509Certificate> now = leaf.get();
    if (now.isEmpty()) {
      return fallback;
    }
    Parsed seen = last;
    if (seen.leaf() != now.get()) {
      List<String> uris = PeerVerifier.spiffeUris(now.get());
      seen = new Parsed(now.get(), uris.isEmpty() ? fallback : uris.get(0));
      last = seen;
    }
    return seen.principal();
  }
}
