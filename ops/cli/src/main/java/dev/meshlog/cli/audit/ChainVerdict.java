package dev.meshlog.cli.audit;

/** What walking the policy hash chain found: the whole chain links, or where it first breaks. */
public sealed interface ChainVerdict {

  /** Every event links to the one before it; {@code head} is the last event's hash ("" when empty). */
  record Intact(long events, String head) implements ChainVerdict {}

  /** The first record, in chain order, that does not fit. */
  record Broken(String topic, int partition, long offset, Tampering tampering, String detail) implements ChainVerdict {}

  /** How a record fails to fit the chain. */
  enum Tampering {
    /** The record's own hash does not match its content (or it does not decode at all). */
    ALTERED,
    /** It does not link to the record before it: something was inserted or the records were reordered. */
    INSERTED_OR_REORDERED,
    /** Sequence numbers jump and the skipped ones are nowhere in the topic. */
    MISSING
  }
}
