package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.engine.sequencer.PolicyChain;
import java.util.Optional;

/**
 * One record of the policy events topic as the auditor found it: where it sits, and its link in the
 * chain, or why it does not decode (a record that is not a PolicyEvent is itself tampering).
 *
 * <p>Only the link is kept, not the event: its hash is recomputed as the record is read, so an
 * audit of a million events holds a few hundred bytes per event instead of the events themselves.
 */
public record ChainRecord(int partition, long offset, Optional<Link> link, String undecodable) {

  /**
   * What the walk checks of one event: its sequence, the hashes it carries, and the hash its content
   * recomputes to ({@link PolicyChain#hashOf}); the same String as {@code hash} when they agree.
   */
  public record Link(long sequence, String prevHash, String hash, String contentHash) {

    public static Link of(PolicyEvent event) {
      String hash = event.getEnvelope().getHash();
      String recomputed = PolicyChain.hashOf(event);
      return new Link(event.getSequence(), event.getEnvelope().getPrevHash(), hash, recomputed.equals(hash) ? hash : recomputed);
    }

    boolean sealed() {
      return contentHash.equals(hash);
    }
  }

  public static ChainRecord of(int partition, long offset, PolicyEvent event) {
    return new ChainRecord(partition, offset, Optional.of(Link.of(event)), "");
  }

  public static ChainRecord undecodable(int partition, long offset, String why) {
    return new ChainRecord(partition, offset, Optional.empty(), why);
  }

  String position(String topic) {
    return topic + "-" + partition + "@" + offset;
  }
}
