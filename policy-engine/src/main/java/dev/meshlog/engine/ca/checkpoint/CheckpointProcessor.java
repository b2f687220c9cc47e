package dev.meshlog.engine.ca.checkpoint;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the head of the policy chain on each events partition this task owns, and on every
 * wall-clock tick signs a {@link PolicyCheckpoint} for each head that moved since its last one.
 *
 * <p>The head and the last checkpointed offset live in one store, updated in the same transaction
 * as the checkpoint is written (exactly-once), so a restart resumes where the committed state says.
 */
final class CheckpointProcessor implements Processor<String, PolicyEvent, String, PolicyCheckpoint> {

  private static final Logger log = LoggerFactory.getLogger(CheckpointProcessor.class);

  private final CheckpointSetup setup;
  private ProcessorContext<String, PolicyCheckpoint> context;
  private KeyValueStore<String, PartitionHead> heads;

  CheckpointProcessor(CheckpointSetup setup) {
    this.setup = setup;
  }

  @Override
  public void init(ProcessorContext<String, PolicyCheckpoint> context) {
    this.context = context;
    this.heads = context.getStateStore(CheckpointTopology.HEADS_STORE);
    context.schedule(setup.interval(), PunctuationType.WALL_CLOCK_TIME, this::checkpointMovedHeads);
  }

  @Override
  public void process(Record<String, PolicyEvent> record) {
    PolicyEvent event = record.value();
    RecordMetadata where = context.recordMetadata().orElse(null);
    if (event == null || event.getEnvelope() == null || event.getEnvelope().getHash() == null || where == null) {
      // not a chain link; the auditor reports such records, the CA only signs what links
      log.warn("not checkpointing a policy events record without a chain hash at {}", where == null ? "?"
          : CheckpointWire.key(where.topic(), where.partition()) + "@" + where.offset());
      return;
    }
    String key = CheckpointWire.key(where.topic(), where.partition());
    PartitionHead previous = heads.get(key);
    PartitionHead next = previous == null
        ? new PartitionHead(where.offset(), event.getSequence(), event.getEnvelope().getHash(), PartitionHead.NONE)
        : previous.advancedTo(where.offset(), event.getSequence(), event.getEnvelope().getHash());
    heads.put(key, next);
  }

  private void checkpointMovedHeads(long wallClock) {
    List<KeyValue<String, PartitionHead>> moved = new ArrayList<>();
    try (KeyValueIterator<String, PartitionHead> all = heads.all()) {
      all.forEachRemaining(entry -> {
        if (entry.value.movedSinceCheckpoint()) {
          moved.add(entry);
        }
      });
    }
    for (KeyValue<String, PartitionHead> entry : moved) {
      String key = entry.key;
      int dash = key.lastIndexOf('-');
      String topic = key.substring(0, dash);
      int partition = Integer.parseInt(key.substring(dash + 1));
      Instant now = setup.clock().instant();
      PolicyCheckpoint checkpoint;
      try {
        checkpoint = CheckpointWire.signed(setup.trustDomain(), topic, partition, entry.value, now, setup.authority().signingCa());
      } catch (RuntimeException e) {
        // Not fatal to the CA app: certificates must keep flowing. The head stays unsigned, so the next tick retries.
        log.error("cannot sign the checkpoint of {}@{}; retrying in {}", key, entry.value.offset(), setup.interval(), e);
        continue;
      }
      heads.put(key, entry.value.checkpointed());
      context.forward(new Record<>(key, checkpoint, wallClock));
      log.info("signed checkpoint of {}@{} (sequence {}) at {}", key, entry.value.offset(), entry.value.sequence(),
          checkpoint.getEnvelope().getTime());
    }
  }
}
