package dev.meshlog.engine.snapshot;

import java.util.List;
import java.util.Objects;

/**
 * The roots every workload of a trust domain trusts, from the latest {@code MeshTrustBundle} on the
 * CA bundle topic: PEM certificates in the order the CA published them (the signing root last), so
 * replays encode them to the same bytes. Two roots during a rotation's overlap window.
 */
public record TrustRoots(String trustDomain, List<String> rootsPem) implements MeshResource {

  /** The mesh-state key of a trust domain's bundle; the bundle topic itself is keyed by the bare trust domain. */
  public static String key(String trustDomain) {
    return "MeshTrustBundle/" + trustDomain;
  }

  public TrustRoots {
    Objects.requireNonNull(trustDomain, "trustDomain");
    rootsPem = List.copyOf(rootsPem);
  }

  public String key() {
    return key(trustDomain);
  }
}
