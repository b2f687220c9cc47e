package dev.meshlog.engine.snapshot;

import dev.meshlog.engine.ca.SpiffeId;
import java.util.regex.Pattern;

/**
 * The mesh identity of a workload, as the CA puts it in the URI SAN of the workload's certificate:
 * {@code spiffe://<trust domain>/ns/<namespace>/sa/<service account>}. Snapshots carry it on every
 * endpoint so a calling proxy can verify the peer it reached is the one it meant to reach.
 */
public final class WorkloadIdentity {

  /** Istio's default trust domain. */
  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";

  // DNS-like: lower-case labels of letters, digits and inner hyphens, joined by dots; a subset of what SPIFFE
  // allows, so every trust domain accepted here makes a valid SPIFFE id.
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  private static final int MAX_DNS_NAME = 253;

  private WorkloadIdentity() {}

  /** {@code trustDomain} if it is a DNS-like name; otherwise an {@link IllegalArgumentException} saying why. */
  public static String requireTrustDomain(String trustDomain) {
    if (trustDomain == null || trustDomain.length() > MAX_DNS_NAME || !DNS_NAME.matcher(trustDomain).matches()) {
      throw new IllegalArgumentException("trust domain must be a DNS-like name (lower-case labels of [a-z0-9-] joined by dots, "
          + "at most " + MAX_DNS_NAME + " characters), got '" + trustDomain + "'");
    }
    return trustDomain;
  }

  /** The SPIFFE URI of {@code workload} in {@code trustDomain}. */
  public static String of(String trustDomain, Workload workload) {
    return new SpiffeId(trustDomain, workload.namespace(), workload.serviceAccount()).toUri();
  }
}
