package dev.meshlog.cli.faults.cluster;

import dev.meshlog.kafka.local.EmbeddedKafkaCluster;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/** The node leading partition 0 of a topic: the broker whose loss moves the policy chain's leadership. */
final class PartitionLeader {

  private PartitionLeader() {}

  static int of(EmbeddedKafkaCluster cluster, String topic) throws Exception {
    try (Admin admin = cluster.admin()) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      return description.partitions().get(0).leader().id();
    }
  }
}
