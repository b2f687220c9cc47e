package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyEvent;
import java.util.Optional;

/**
 * One record of the policy events topic as the auditor found it: where it sits, and the event it
 * decodes to, or why it does not decode (a record that is not a PolicyEvent is itself tampering).
 */
public record ChainRecord(int partition, long offset, Optional<PolicyEvent> event, String undecodable) {

  public static ChainRecord of(int partition, long offset, PolicyEvent event) {
    return new ChainRecord(partition, offset, Optional.of(event), "");
  }

  public static ChainRecord undecodable(int partition, long offset, String why) {
    return new ChainRecord(partition, offset, Optional.empty(), why);
  }

  String position(String topic) {
    return topic + "-" + partition + "@" + offset;
  }
}
