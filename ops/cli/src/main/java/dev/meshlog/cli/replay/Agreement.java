package dev.meshlog.cli.replay;

import java.util.Optional;

/** How a proxy's answer at a point compares with the snapshot the replay says the engine had for it. */
public enum Agreement {
  /** It ACKed exactly that version and hash. */
  MATCH("yes"),
  /** It NACKed exactly that version. */
  NACKED("nacked"),
  /** Its answer is for an older version: the snapshot had not reached it (or was not yet published). */
  BEHIND("behind"),
  /** Its answer is for a newer version than the replay reached: the log and the proxy disagree. */
  AHEAD("ahead"),
  /** Same version, another hash: the log and the proxy disagree. */
  DIFFERENT("different"),
  /** No answer at or before the point. */
  NO_ACK("no ack");

  private final String text;

  Agreement(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  static Agreement of(ReplayedProxy replayed, Optional<AckHistory.Answer> answer) {
    if (answer.isEmpty()) {
      return NO_ACK;
    }
    AckHistory.Answer a = answer.get();
    if (a.version() < replayed.version()) {
      return BEHIND;
    }
    if (a.version() > replayed.version()) {
      return AHEAD;
    }
    if (!a.hash().equals(replayed.hash())) {
      return DIFFERENT;
    }
    return a.acked() ? MATCH : NACKED;
  }
}
