package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.CaDirectory;
import dev.meshlog.engine.ca.TokenKeyFile;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the signer job runs with, resolved from a {@link CaConfig} (CA loaded, token key read) or
 * built directly by a test around a CA minted for it.
 *
 * @param bundleCheckInterval how often the wall clock re-evaluates the trust bundle (rotation overlap end, CA reload)
 */
public record SignerSetup(String trustDomain, Duration workloadTtl, byte[] tokenKey, CaAuthority authority,
    CredentialVerifier kubernetes, CaMetrics metrics, Clock clock, Duration bundleCheckInterval) {

  public SignerSetup {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(workloadTtl, "workloadTtl");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(bundleCheckInterval, "bundleCheckInterval");
    tokenKey = tokenKey.clone();
  }

  /** Loads (or, for the mesh's own CA, creates) the CA and the token key of {@code config}. */
  public static SignerSetup from(CaConfig config) {
    CaDirectory files = config.settings().files();
    CaAuthority authority = DirectoryCaAuthority.open(config);
    byte[] tokenKey = config.isPluginCa() ? TokenKeyFile.forPluginCa(files, authority.signingCa().privateKey())
        : TokenKeyFile.loadOrCreate(files);
    return new SignerSetup(config.trustDomain(), config.workloadTtl(), tokenKey, authority,
        config.kubernetesVerifier(), new CaMetrics(), config.clock(), config.bundleCheckInterval());
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  @Override
  public String toString() {
    return "SignerSetup[trustDomain=" + trustDomain + ", workloadTtl=" + workloadTtl + ", ca="
        + authority.signingCa() + ", bundleCheckInterval=" + bundleCheckInterval + "]";
  }
}
