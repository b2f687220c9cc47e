package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.TrustBundle;
import java.time.Instant;

/**
 * The CA behind the signer: who signs now, and which roots workloads trust at a given time (two
 * during a root rotation's overlap). Implementations are shared by the job's tasks, so thread-safe.
 */
public interface CaAuthority {

  SigningCa signingCa();

  TrustBundle trustBundle(Instant now);

  /** Picks up a changed CA (a root rotation done beside the running signer); a no-op by default. */
  default void refresh(Instant now) {}

  /** One CA, trusting only its own root: for tests and for CAs that never rotate. */
  static CaAuthority fixed(SigningCa ca) {
    return new CaAuthority() {
      @Override
      public SigningCa signingCa() {
        return ca;
      }

      @Override
      public TrustBundle trustBundle(Instant now) {
        return ca.trustBundle();
      }
    };
  }
}
