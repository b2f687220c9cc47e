package dev.meshlog.engine.ca.signer;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WARN lines for refusals, at most {@value #PER_WINDOW} a minute: anyone who can write to the
 * requests topic can cause refusals, and must not be able to flood the log. What is not logged is
 * still audited and counted, and the next window says how many lines were dropped.
 */
final class RefusalLog {

  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);
  static final int PER_WINDOW = 20;
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private Instant windowStart = Instant.MIN;
  private int logged;
  private long suppressed;

  synchronized void refused(Instant now, String identity, String proxyId, Refusal refusal) {
    if (windowStart == Instant.MIN || !now.isBefore(windowStart.plus(WINDOW))) {
      if (suppressed > 0) {
        log.warn("{} more certificate refusals were not logged in the last minute (see the audit topic)", suppressed);
      }
      windowStart = now;
      logged = 0;
      suppressed = 0;
    }
    if (logged < PER_WINDOW) {
      logged++;
      log.warn("[proxy={}] certificate for {} refused: {}", proxyId, identity, refusal.text());
    } else {
      suppressed++;
    }
  }

  /** Lines dropped in the current window. */
  synchronized long suppressed() {
    return suppressed;
  }
}
