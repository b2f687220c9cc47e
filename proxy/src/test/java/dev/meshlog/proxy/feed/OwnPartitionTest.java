package dev.meshlog.proxy.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnPartitionTest {

  /** The engine writes with the producer's default partitioner; the proxy must read that partition. */
  @ParameterizedTest
  @ValueSource(strings = {"productpage-1", "reviews-v1", "a", "ratings-7f9c", "ünïcode-proxy"})
  void shouldReadThePartitionTheProducersDefaultPartitionerWritesTo(String proxyId) {
    for (int partitions : new int[] {1, 3, 12, 50}) {
      int expected = BuiltInPartitioner.partitionForKey(proxyId.getBytes(StandardCharsets.UTF_8), partitions);
      assertEquals(expected, OwnPartition.of(proxyId, partitions), proxyId + " over " + partitions);
    }
  }
}
