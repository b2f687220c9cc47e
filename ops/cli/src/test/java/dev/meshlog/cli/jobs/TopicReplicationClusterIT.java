package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.EmbeddedKafkaCluster;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.kafka.local.KafkaCluster;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** On a three-broker cluster a job's default --replication-factor creates every Meshlog topic with 3 replicas, 2 in sync. */
@ExtendWith(KafkaCluster.class)
class TopicReplicationClusterIT {

  @Command(name = "job")
  static final class Job {
    @Mixin TopicOptions topics;
  }

  @Test
  void shouldCreateEveryTopicWithThreeReplicasAndTwoInSyncByDefault(EmbeddedKafkaCluster cluster) throws Exception {
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("rf") + ".");
    Job job = new Job();
    new CommandLine(job).parseArgs("--partitions", "3");
    job.topics.ensure(cluster.bootstrapServers(), topics);

    assertEquals(new TopicReplication((short) 3, 2), job.topics.replication());
    assertEquals((short) 3, job.topics.replicationFactor());
    Set<String> chain = new TopicLayout(topics, 3).singlePartition().stream().map(TopicSpec::name).collect(Collectors.toSet());
    assertEquals(3, chain.size());
    List<String> names = topics.all().stream().map(TopicSpec::name).toList();
    try (Admin admin = cluster.admin()) {
      Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
      var configs = admin.describeConfigs(names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
      for (TopicSpec<?, ?> topic : topics.all()) {
        TopicDescription description = described.get(topic.name());
        int expectedPartitions = chain.contains(topic.name()) ? 1 : Math.max(3, topic.minPartitions());
        assertEquals(expectedPartitions, description.partitions().size(), topic.name() + " partitions");
        description.partitions().forEach(p -> assertEquals(3, p.replicas().size(), topic.name() + " replicas"));
        String minInsync = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).get("min.insync.replicas").value();
        assertEquals("2", minInsync, topic.name() + " min.insync.replicas");
      }
    }
  }

  @Test
  void shouldRefuseMoreReplicasThanTheClusterHasBrokers(EmbeddedKafkaCluster cluster) {
    Job job = new Job();
    new CommandLine(job).parseArgs("--replication-factor", "4");
    var e = assertThrows(IllegalArgumentException.class, () -> job.topics.resolve(cluster.bootstrapServers()));
    assertTrue(e.getMessage().startsWith("--replication-factor: 4 replicas need at least 4 brokers, the cluster has 3"), e.getMessage());
  }
}
