package dev.meshlog.engine.sequencer;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The sequencer job: policy commands in, hash-chained policy events and statuses out.
 *
 * <p>A chain is a total order, so every command is re-keyed to one constant key and repartitioned
 * through a one-partition topic: whatever the commands topic's partition count, one task sees every
 * command, in order per subject (commands of a subject share an input partition). The cost is that
 * sequencing does not scale out; policy edits are rare, so that is the right trade.
 */
public final class SequencerTopology {

  public static final String SOURCE = "sequencer-commands-source";
  public static final String REPARTITION = "sequencer-chain";
  public static final String PROCESSOR = "sequencer";
  /** Chain head: last sequence and hash. */
  public static final String CHAIN_STORE = "sequencer-chain-head";
  /** Per policy subject: generation and existence. */
  public static final String RESOURCES_STORE = "sequencer-resources";

  static final String CHAIN_KEY = "chain";

  private SequencerTopology() {}

  public static Topology build(Topics topics) {
    TopicSpec<String, PolicyCommand> commands = topics.policyCommands();
    TopicSpec<String, PolicyEvent> events = topics.policyEvents();
    TopicSpec<String, PolicyStatus> statuses = topics.policyStatus();
    TopicSpec<String, PolicyEvent> history = topics.policyHistory();

    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHAIN_STORE), Serdes.String(), ChainHead.serde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(RESOURCES_STORE), Serdes.String(), ResourceGeneration.serde()));

    KStream<String, SpecificRecord> decided = builder
        .stream(commands.name(), Consumed.with(commands.keySerde(), commands.valueSerde()).withName(SOURCE))
        .selectKey((subject, command) -> CHAIN_KEY, Named.as("sequencer-to-chain-key"))
        .repartition(Repartitioned.with(Serdes.String(), commands.valueSerde()).withName(REPARTITION).withNumberOfPartitions(1))
        .process(SequencerProcessor::new, Named.as(PROCESSOR), CHAIN_STORE, RESOURCES_STORE);

    decided.split(Named.as("sequencer-output-"))
        .branch((subject, out) -> out instanceof PolicyEvent, Branched.withConsumer(s -> {
          KStream<String, PolicyEvent> accepted = s.mapValues(out -> (PolicyEvent) out, Named.as("sequencer-as-event"));
          accepted.to(events.name(), Produced.with(events.keySerde(), events.valueSerde()).withName("sequencer-events-sink"));
          // in the same transaction: the history index never has an event the chain lacks, or misses one
          accepted.to(history.name(), Produced.with(history.keySerde(), history.valueSerde()).withName("sequencer-history-sink"));
        }, "events"))
        .branch((subject, out) -> out instanceof PolicyStatus, Branched.withConsumer(s -> s
            .mapValues(out -> (PolicyStatus) out, Named.as("sequencer-as-status"))
            .to(statuses.name(), Produced.with(statuses.keySerde(), statuses.valueSerde()).withName("sequencer-status-sink")), "status"))
        .noDefaultBranch();
    return builder.build();
  }
}
