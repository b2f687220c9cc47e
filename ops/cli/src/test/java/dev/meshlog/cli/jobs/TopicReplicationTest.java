package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** --replication-factor: 'auto' follows the cluster (3 from three brokers up), explicit numbers must fit it. */
class TopicReplicationTest {

  @Command(name = "job")
  static final class Job {
    @Mixin TopicOptions topics;
  }

  @Test
  void shouldUseThreeReplicasWithTwoInSyncOnAClusterOfThreeOrMore() {
    assertEquals(new TopicReplication((short) 3, 2), TopicReplication.forBrokers(3));
    assertEquals(new TopicReplication((short) 3, 2), TopicReplication.forBrokers(7));
  }

  @Test
  void shouldUseOneReplicaPerBrokerOnASmallerClusterWithOneInSync() {
    assertEquals(new TopicReplication((short) 1, 1), TopicReplication.forBrokers(1));
    assertEquals(new TopicReplication((short) 2, 1), TopicReplication.forBrokers(2));
  }

  @Test
  void shouldDeriveMinInsyncFromAnExplicitFactor() {
    assertEquals(2, TopicReplication.of((short) 5).minInsync());
    assertEquals(2, TopicReplication.of((short) 3).minInsync());
    assertEquals(1, TopicReplication.of((short) 2).minInsync());
    assertEquals(1, TopicReplication.of((short) 1).minInsync());
  }

  @Test
  void shouldDefaultToAutoAndResolveItFromTheBrokerCount() {
    Job job = new Job();
    new CommandLine(job).parseArgs();
    job.topics.checked();
    assertEquals(ReplicationSetting.AUTO, job.topics.replicationFactor);
    assertEquals((short) 3, ReplicationSetting.parse(job.topics.replicationFactor).resolve(3).factor());
    assertEquals((short) 1, ReplicationSetting.parse(job.topics.replicationFactor).resolve(1).factor());
  }

  @Test
  void shouldKeepAnExplicitFactorThatFitsTheCluster() {
    assertEquals(new TopicReplication((short) 2, 1), ReplicationSetting.parse("2").resolve(3));
    assertEquals(new TopicReplication((short) 1, 1), ReplicationSetting.parse("1").resolve(3));
  }

  @Test
  void shouldRefuseAnExplicitFactorLargerThanTheClusterNamingTheOptionAndTheBrokerCount() {
    var e = assertThrows(IllegalArgumentException.class, () -> ReplicationSetting.parse("3").resolve(1));
    assertTrue(e.getMessage().startsWith("--replication-factor: 3 replicas need at least 3 brokers, the cluster has 1"), e.getMessage());
  }

  @Test
  void shouldRefuseValuesThatAreNeitherAutoNorAPositiveNumber() {
    Job job = new Job();
    new CommandLine(job).parseArgs("--replication-factor", "three");
    var e = assertThrows(IllegalArgumentException.class, job.topics::checked);
    assertEquals("--replication-factor: must be 'auto' or a number of replicas, got 'three'", e.getMessage());
    var zero = assertThrows(IllegalArgumentException.class, () -> ReplicationSetting.parse("0"));
    assertEquals("--replication-factor: must be at least 1, got 0", zero.getMessage());
  }

  @Test
  void shouldRefuseToAnswerTheFactorBeforeTheClusterIsKnown() {
    Job job = new Job();
    new CommandLine(job).parseArgs("--replication-factor", "1");
    var e = assertThrows(IllegalStateException.class, job.topics::replicationFactor);
    assertTrue(e.getMessage().contains("resolve(bootstrap)"), e.getMessage());
  }
}
