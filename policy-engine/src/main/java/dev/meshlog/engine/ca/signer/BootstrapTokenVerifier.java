package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.BootstrapTokens;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.TokenRejectedException;
import java.time.Instant;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A standalone workload's first request: a single-use token the CLI issued for exactly this identity. */
final class BootstrapTokenVerifier implements CredentialVerifier {

  private final BootstrapTokens tokens;

  BootstrapTokenVerifier(BootstrapTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Verdict verify(SpiffeId identity, PKCS10CertificationRequest csr, String credential, Instant now) {
    try {
      tokens.redeem(credential, identity);
      return Verdict.PROVEN;
    } catch (TokenRejectedException e) {
      return new Refusal(reason(e.reason()), e.getMessage());
    } catch (NumberFormatException e) { // an authentic payload with a bad expiry: only our own bug could make one
      return new Refusal(RefusalReason.TOKEN_MALFORMED, "token expiry is not a number");
    }
  }

  private static RefusalReason reason(TokenRejectedException.Reason reason) {
    return switch (reason) {
      case MALFORMED -> RefusalReason.TOKEN_MALFORMED;
      case BAD_MAC -> RefusalReason.BAD_MAC;
      case EXPIRED -> RefusalReason.EXPIRED;
      case FOREIGN -> RefusalReason.FOREIGN;
      case REPLAYED -> RefusalReason.REPLAYED;
    };
  }
}
