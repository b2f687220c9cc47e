package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.TokenKeyFile;
import java.time.Duration;

/**
 * Issues bootstrap tokens offline, for {@code meshlog token}: reads (or creates) the token key in
 * the CA directory, the same key the running signer redeems tokens with. Issuing needs no broker
 * and no CA passphrase; it does need read access to the CA directory.
 */
public final class BootstrapTokenIssuer {

  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

  private final BootstrapTokens tokens;
  private final String trustDomain;

  private BootstrapTokenIssuer(BootstrapTokens tokens, String trustDomain) {
    this.tokens = tokens;
    this.trustDomain = trustDomain;
  }

  public static BootstrapTokenIssuer forCa(CaConfig config) {
    // A plug-in CA's key may be derived from its CA key (TokenKeyFile.forPluginCa): loading it checks the CA too.
    byte[] key = config.isPluginCa()
        ? TokenKeyFile.forPluginCa(config.settings().files(), DirectoryCaAuthority.open(config).signingCa().privateKey())
        : TokenKeyFile.loadOrCreate(config.settings().files());
    // This side only issues; redeeming (and remembering nonces) is the signer's job. Should anything
    // redeem through it anyway, every nonce counts as used: it fails closed.
    BootstrapTokens tokens = new BootstrapTokens(key, config.clock(), (nonce, expires) -> false);
    return new BootstrapTokenIssuer(tokens, config.trustDomain());
  }

  /** The trust domain this CA's tokens are for. */
  public String trustDomain() {
    return trustDomain;
  }

  /** A single-use token proving {@code identity}, valid for {@code ttl}. */
  public String issue(SpiffeId identity, Duration ttl) {
    if (!identity.trustDomain().equals(trustDomain)) {
      throw new IllegalArgumentException("identity " + identity + " is not in this CA's trust domain " + trustDomain);
    }
    return tokens.issue(identity, ttl);
  }
}
