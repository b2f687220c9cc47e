package dev.meshlog.proxy.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the sidecar obtains its workload certificate from the mesh CA. Absent from the tuning means
 * the sidecar asks for no certificate at all.
 *
 * @param trustDomain the SPIFFE trust domain (Istio's default {@code cluster.local})
 * @param serviceAccount the workload's service account (Kubernetes' {@code default} when unset)
 * @param bootstrapToken the single-use token proving the identity for the first issuance; renewals
 *     are proven with the current certificate instead. Never logged: {@link #toString()} masks it
 * @param renewFraction the share of a certificate's lifetime after which it is renewed (Istio's
 *     {@code SECRET_GRACE_PERIOD_RATIO} complement: 0.5 renews at half-life)
 * @param initialBackoff how long the first request waits for an answer before it is sent again
 * @param maxBackoff the cap of the doubling wait between requests that got no answer
 * @param kubernetesToken true when {@code bootstrapToken} is the pod's service-account token (sent as a
 *     KUBERNETES_TOKEN credential, checked by the engine with TokenReview) rather than a {@code meshlog token}
 */
public record WorkloadIdentityConfig(
    String trustDomain,
    String serviceAccount,
    String bootstrapToken,
    double renewFraction,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean kubernetesToken) {

  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";
  public static final double DEFAULT_RENEW_FRACTION = 0.5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);

  public WorkloadIdentityConfig {
    trustDomain = trustDomain == null || trustDomain.isBlank() ? DEFAULT_TRUST_DOMAIN : trustDomain;
    serviceAccount = serviceAccount == null || serviceAccount.isBlank() ? DEFAULT_SERVICE_ACCOUNT : serviceAccount;
    if (bootstrapToken == null || bootstrapToken.isBlank()) {
      throw new IllegalArgumentException("a bootstrap token is needed for the first certificate");
    }
    bootstrapToken = bootstrapToken.strip();
    if (!(renewFraction > 0 && renewFraction < 1)) {
      throw new IllegalArgumentException("renewFraction must be in (0, 1), got " + renewFraction);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must be positive with max >= initial, got " + initialBackoff
          + " .. " + maxBackoff);
    }
  }

  /** Defaults (cluster.local, the default service account, half-life, 1 s .. 60 s) with this token. */
  public static WorkloadIdentityConfig withToken(String bootstrapToken) {
    return new WorkloadIdentityConfig(DEFAULT_TRUST_DOMAIN, DEFAULT_SERVICE_ACCOUNT, bootstrapToken,
        DEFAULT_RENEW_FRACTION, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, false);
  }

  /** The same, proven with a Kubernetes service-account token (audience meshlog) instead of a bootstrap token. */
  public WorkloadIdentityConfig withKubernetesToken() {
    return new WorkloadIdentityConfig(trustDomain, serviceAccount, bootstrapToken, renewFraction, initialBackoff, maxBackoff, true);
  }

  public WorkloadIdentityConfig withTrustDomain(String domain) {
    return new WorkloadIdentityConfig(domain, serviceAccount, bootstrapToken, renewFraction, initialBackoff, maxBackoff, kubernetesToken);
  }

  public WorkloadIdentityConfig withServiceAccount(String account) {
    return new WorkloadIdentityConfig(trustDomain, account, bootstrapToken, renewFraction, initialBackoff, maxBackoff, kubernetesToken);
  }

  public WorkloadIdentityConfig withRenewFraction(double fraction) {
    return new WorkloadIdentityConfig(trustDomain, serviceAccount, bootstrapToken, fraction, initialBackoff, maxBackoff, kubernetesToken);
  }

  public WorkloadIdentityConfig withBackoff(Duration initial, Duration max) {
    return new WorkloadIdentityConfig(trustDomain, serviceAccount, bootstrapToken, renewFraction, initial, max, kubernetesToken);
  }

  /** {@code spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>}, Istio's workload identity. */
  public URI identity(String namespace) {
    return URI.create("spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount);
  }

  @Override
  public String toString() {
    return "WorkloadIdentityConfig[trustDomain=" + trustDomain + ", serviceAccount=" + serviceAccount
        + (kubernetesToken ? ", kubernetesToken=****" : ", bootstrapToken=****") + ", renewFraction=" + renewFraction + ", backoff=" + initialBackoff + ".." + maxBackoff
        + "]";
  }
}
