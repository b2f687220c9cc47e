package dev.meshlog.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The fold order of merged inputs, and where each partition stops. */
class InputMergeTest {

  private static final TopicPartition POLICY = new TopicPartition("mesh.policy.events", 0);
  private static final TopicPartition CLUSTER = new TopicPartition("mesh.cluster.events", 0);
  private static final TopicPartition BUNDLE = new TopicPartition("mesh.ca.bundle", 0);

  private static InputRecord rec(TopicPartition tp, long offset, long timestamp) {
    return new InputRecord(tp.topic(), tp.partition(), offset, timestamp, new byte[0], new byte[0]);
  }

  private static List<String> drained(InputMerge merge) {
    List<String> out = new ArrayList<>();
    merge.drain(r -> out.add(r.topic().substring(5, 12) + "@" + r.offset()));
    return out;
  }

  @Test
  void shouldMergeByTimestampThenTopicPartitionAndOffset() {
    InputMerge merge = new InputMerge(List.of(POLICY, CLUSTER, BUNDLE), Cutoff.END);
    merge.offer(POLICY, rec(POLICY, 0, 10));
    merge.offer(POLICY, rec(POLICY, 1, 30));
    merge.offer(CLUSTER, rec(CLUSTER, 0, 20));
    merge.offer(CLUSTER, rec(CLUSTER, 1, 30)); // tie at 30: mesh.cluster.events sorts before mesh.policy.events
    merge.fetchedAll(POLICY);
    merge.fetchedAll(CLUSTER);
    merge.fetchedAll(BUNDLE);
    assertEquals(List.of("policy.@0", "cluster@0", "cluster@1", "policy.@1"), drained(merge));
    assertTrue(merge.finished());
  }

  @Test
  void shouldKeepEachPartitionsOffsetOrderWhenItsTimestampsGoBack() {
    InputMerge merge = new InputMerge(List.of(POLICY, CLUSTER), Cutoff.END);
    merge.offer(POLICY, rec(POLICY, 0, 50));
    merge.offer(POLICY, rec(POLICY, 1, 5)); // an older timestamp behind a newer one: still after it, as Streams reads
    merge.offer(CLUSTER, rec(CLUSTER, 0, 20));
    merge.fetchedAll(POLICY);
    merge.fetchedAll(CLUSTER);
    assertEquals(List.of("cluster@0", "policy.@0", "policy.@1"), drained(merge));
  }

  @Test
  void shouldWaitForAPartitionThatMayStillBringAnEarlierRecord() {
    InputMerge merge = new InputMerge(List.of(POLICY, CLUSTER), Cutoff.END);
    merge.offer(POLICY, rec(POLICY, 0, 50));
    assertEquals(List.of(), drained(merge), "the cluster partition is not fetched yet");
    assertTrue(merge.wants(CLUSTER, 10) && !merge.wants(POLICY, 1));
    merge.offer(CLUSTER, rec(CLUSTER, 0, 40));
    assertEquals(List.of("cluster@0"), drained(merge), "then the policy record waits for the cluster partition again");
    merge.fetchedAll(CLUSTER);
    assertEquals(List.of("policy.@0"), drained(merge));
  }

  @Test
  void shouldStopEachPartitionAtItsFirstRecordPastTheCutoff() {
    InputMerge merge = new InputMerge(List.of(POLICY, CLUSTER), Cutoff.at(Instant.ofEpochMilli(30)));
    merge.offer(POLICY, rec(POLICY, 0, 10));
    merge.offer(POLICY, rec(POLICY, 1, 31));
    merge.offer(CLUSTER, rec(CLUSTER, 0, 30));
    assertEquals(List.of("policy.@0", "cluster@0"), drained(merge));
    assertTrue(merge.closed(POLICY) && !merge.wants(POLICY, 10), "past the point: no need to fetch more of it");
    merge.offer(CLUSTER, rec(CLUSTER, 1, 40));
    assertEquals(List.of(), drained(merge));
    assertTrue(merge.finished());
  }

  @Test
  void shouldStopThePolicyEventsAtAnOffsetAndTheOthersAtItsTimestamp() {
    InputMerge merge = new InputMerge(List.of(POLICY, CLUSTER), new Cutoff(Instant.ofEpochMilli(20), Map.of(POLICY, 1L)));
    merge.offer(POLICY, rec(POLICY, 0, 10));
    merge.offer(POLICY, rec(POLICY, 1, 20));
    merge.offer(POLICY, rec(POLICY, 2, 20));
    merge.offer(CLUSTER, rec(CLUSTER, 0, 15));
    merge.offer(CLUSTER, rec(CLUSTER, 1, 21));
    merge.fetchedAll(POLICY);
    merge.fetchedAll(CLUSTER);
    assertEquals(List.of("policy.@0", "cluster@0", "policy.@1"), drained(merge));
    assertTrue(merge.finished());
  }
}
