package dev.meshlog.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.schemas.Topics;
import dev.meshlog.telemetry.aggregate.RequestAggregationTopology;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Every processor, store and internal topic of the pipeline has a name we chose. A generated one
 * ({@code KSTREAM-AGGREGATE-STATE-STORE-0000000003}) is numbered by its position in the graph, so an upgrade that
 * adds an operator upstream renames it, with its changelog or repartition topic: the windows would start empty.
 */
class TopologyNamesTest {

  /** Streams numbers every name it generates with ten digits: stores, their changelogs, repartition topics, nodes. */
  private static final Pattern GENERATED = Pattern.compile("[A-Z]+(-[A-Z]+)*-\\d{10}");

  @Test
  void shouldNameEveryNodeStoreAndTopicWithTheDefaultWindows() {
    assertNoGeneratedNames(RequestAggregationTopology.build(Topics.DEFAULT, PipelineConfig.DEFAULT_WINDOWS, PipelineConfig.DEFAULT_GRACE));
  }

  @Test
  void shouldNameEveryNodeStoreAndTopicWithOtherWindows() {
    // window stores are named per size: a third window must not fall back to a generated name
    assertNoGeneratedNames(RequestAggregationTopology.build(Topics.withPrefix("x."),
        List.of(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5)), Duration.ZERO));
  }

  @Test
  void shouldRecogniseTheNamesStreamsGenerates() {
    for (String generated : List.of("KSTREAM-AGGREGATE-STATE-STORE-0000000003", "KTABLE-TOTABLE-0000000012",
        "KSTREAM-KEY-SELECT-0000000001-repartition", "KSTREAM-SOURCE-0000000000")) {
      assertTrue(GENERATED.matcher(generated).find(), generated);
    }
  }

  private static void assertNoGeneratedNames(Topology topology) {
    String description = topology.describe().toString();
    List<String> found = GENERATED.matcher(description).results().map(r -> r.group()).distinct().toList();
    assertEquals(List.of(), found, "generated names in:\n" + description);
  }
}
