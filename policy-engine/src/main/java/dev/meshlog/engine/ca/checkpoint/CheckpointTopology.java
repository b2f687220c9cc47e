package dev.meshlog.engine.ca.checkpoint;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The policy checkpoint job, part of the CA app because it signs with the CA's key: policy events
 * in, signed chain heads out on mesh.policy.checkpoints (key = events topic-partition). Each task
 * owns one events partition and its head, so no repartition is needed.
 */
public final class CheckpointTopology {

  public static final String SOURCE = "ca-checkpoint-events-source";
  public static final String PROCESSOR = "ca-checkpoint";
  /** Per events topic-partition: the chain head seen and the offset last checkpointed. */
  public static final String HEADS_STORE = "ca-checkpoint-heads";

  private CheckpointTopology() {}

  public static Topology build(Topics topics, CheckpointSetup setup) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, topics, setup);
    return builder.build();
  }

  /** Adds the checkpoint graph to {@code builder} (the CA app's, beside the signer). */
  public static void addTo(StreamsBuilder builder, Topics topics, CheckpointSetup setup) {
    TopicSpec<String, PolicyEvent> events = topics.policyEvents();
    TopicSpec<String, PolicyCheckpoint> checkpoints = topics.policyCheckpoints();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEADS_STORE), Serdes.String(),
        PartitionHead.serde()));
    builder.stream(events.name(), Consumed.with(events.keySerde(), events.valueSerde()).withName(SOURCE))
        .process(() -> new CheckpointProcessor(setup), Named.as(PROCESSOR), HEADS_STORE)
        .to(checkpoints.name(), Produced.with(checkpoints.keySerde(), checkpoints.valueSerde()).withName("ca-checkpoints-sink"));
  }
}
