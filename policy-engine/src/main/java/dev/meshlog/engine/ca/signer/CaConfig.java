package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.WorkloadSigner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The mesh CA as the engine runs it: where the CA lives (own CA created on first start, or an
 * operator's plug-in CA), the passphrase of its keys, the trust domain, the workload certificate
 * TTL. The bootstrap token key lives in the CA directory ({@code bootstrap-token-key}).
 *
 * <p>Not a record: the passphrase must never be printed, and {@link #toString()} masks it.
 */
public final class CaConfig {

  public static final String DEFAULT_TRUST_DOMAIN = "cluster.local";
  public static final Duration DEFAULT_BUNDLE_CHECK_INTERVAL = Duration.ofSeconds(30);
  /** How often the head of the policy chain is signed (when it moved): the window a truncated tail can hide in. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

  private final CaSettings settings;
  private final char[] passphrase;
  private final boolean pluginCa;
  private final String trustDomain;
  private final Duration workloadTtl;
  private final Clock clock;
  private final Duration bundleCheckInterval;
  private final CredentialVerifier kubernetesVerifier;
  private final Duration checkpointInterval;

  private CaConfig(CaSettings settings, char[] passphrase, boolean pluginCa, String trustDomain, Duration workloadTtl,
      Clock clock, Duration bundleCheckInterval, CredentialVerifier kubernetesVerifier, Duration checkpointInterval) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.passphrase = passphrase == null ? new char[0] : passphrase.clone();
    this.pluginCa = pluginCa;
    new SpiffeId(trustDomain, "ns", "sa"); // the SPIFFE rules for a trust domain, checked once
    this.trustDomain = trustDomain;
    if (workloadTtl.isNegative() || workloadTtl.isZero() || workloadTtl.compareTo(WorkloadSigner.DEFAULT_MAX_TTL) > 0) {
      throw new IllegalArgumentException("workload TTL must be positive and at most "
          + WorkloadSigner.DEFAULT_MAX_TTL + ", got " + workloadTtl);
    }
    this.workloadTtl = workloadTtl;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (bundleCheckInterval.isNegative() || bundleCheckInterval.isZero()) {
      throw new IllegalArgumentException("bundle check interval must be positive, got " + bundleCheckInterval);
    }
    this.bundleCheckInterval = bundleCheckInterval;
    this.kubernetesVerifier = Objects.requireNonNull(kubernetesVerifier, "kubernetesVerifier");
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive, got " + checkpointInterval);
    }
    this.checkpointInterval = checkpointInterval;
    if (!pluginCa && this.passphrase.length == 0) {
      throw new IllegalArgumentException("the mesh's own CA needs a non-empty passphrase to encrypt its keys");
    }
  }

  /** The mesh's own CA in {@code settings.directory()}, created on first start; trust domain cluster.local, 24 h certificates. */
  public static CaConfig ownCa(CaSettings settings, char[] passphrase) {
    return new CaConfig(settings, passphrase, false, DEFAULT_TRUST_DOMAIN, WorkloadSigner.DEFAULT_TTL,
        Clock.systemUTC(), DEFAULT_BUNDLE_CHECK_INTERVAL, KubernetesTokenUnsupported.INSTANCE,
        DEFAULT_CHECKPOINT_INTERVAL);
  }

  /** An operator's CA in Istio's cacerts layout; {@code passphrase} may be null if ca-key.pem is not encrypted. */
  public static CaConfig pluginCa(Path directory, char[] passphrase) {
    return new CaConfig(CaSettings.defaults(directory, "plug-in CA"), passphrase, true, DEFAULT_TRUST_DOMAIN,
        WorkloadSigner.DEFAULT_TTL, Clock.systemUTC(), DEFAULT_BUNDLE_CHECK_INTERVAL, KubernetesTokenUnsupported.INSTANCE,
        DEFAULT_CHECKPOINT_INTERVAL);
  }

  public CaConfig withTrustDomain(String domain) {
    return new CaConfig(settings, passphrase, pluginCa, domain, workloadTtl, clock, bundleCheckInterval, kubernetesVerifier, checkpointInterval);
  }

  public CaConfig withWorkloadTtl(Duration ttl) {
    return new CaConfig(settings, passphrase, pluginCa, trustDomain, ttl, clock, bundleCheckInterval, kubernetesVerifier, checkpointInterval);
  }

  /** The clock token expiry, certificate validity and the rotation overlap are judged by (tests move it). */
  public CaConfig withClock(Clock newClock) {
    return new CaConfig(settings, passphrase, pluginCa, trustDomain, workloadTtl, newClock, bundleCheckInterval, kubernetesVerifier, checkpointInterval);
  }

  /** How often the trust bundle is re-evaluated (default 30 s): a rotation's start and end show within this. */
  public CaConfig withBundleCheckInterval(Duration interval) {
    return new CaConfig(settings, passphrase, pluginCa, trustDomain, workloadTtl, clock, interval, kubernetesVerifier, checkpointInterval);
  }

  /** The seam for the Kubernetes integration: verifies KUBERNETES_TOKEN credentials (TokenReview). */
  public CaConfig withKubernetesVerifier(CredentialVerifier verifier) {
    return new CaConfig(settings, passphrase, pluginCa, trustDomain, workloadTtl, clock, bundleCheckInterval, verifier, checkpointInterval);
  }

  /** How often the chain head is signed into mesh.policy.checkpoints when it moved (default 60 s). */
  public CaConfig withCheckpointInterval(Duration interval) {
    return new CaConfig(settings, passphrase, pluginCa, trustDomain, workloadTtl, clock, bundleCheckInterval, kubernetesVerifier,
        interval);
  }

  public CaSettings settings() {
    return settings;
  }

  /** A copy: the caller may wipe it. */
  public char[] passphrase() {
    return passphrase.clone();
  }

  public boolean isPluginCa() {
    return pluginCa;
  }

  public String trustDomain() {
    return trustDomain;
  }

  public Duration workloadTtl() {
    return workloadTtl;
  }

  public Clock clock() {
    return clock;
  }

  public Duration bundleCheckInterval() {
    return bundleCheckInterval;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public CredentialVerifier kubernetesVerifier() {
    return kubernetesVerifier;
  }

  @Override
  public String toString() {
    return "CaConfig[" + (pluginCa ? "plug-in CA" : "own CA") + " in " + settings.directory() + ", passphrase="
        + (passphrase.length == 0 ? "none" : "****") + ", trustDomain=" + trustDomain + ", workloadTtl=" + workloadTtl
        + ", checkpointInterval=" + checkpointInterval + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaConfig other && settings.equals(other.settings) && Arrays.equals(passphrase, other.passphrase)
        && pluginCa == other.pluginCa && trustDomain.equals(other.trustDomain) && workloadTtl.equals(other.workloadTtl)
        && clock.equals(other.clock) && bundleCheckInterval.equals(other.bundleCheckInterval)
        && kubernetesVerifier.equals(other.kubernetesVerifier) && checkpointInterval.equals(other.checkpointInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(settings, trustDomain, workloadTtl);
  }
}
