package dev.meshlog.schemas;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Meshlog's topics with their explicit configs. Idempotent: a topic that exists is left as
 * it is. Partition count and replication factor come from the deployment, not from the registry,
 * except that a topic read by key ({@link TopicSpec#minPartitions}) gets at least the partitions it asks for.
 */
public final class TopicAdmin {

  private TopicAdmin() {}

  public static void ensureTopics(String bootstrap, Collection<TopicSpec<?, ?>> topics, int partitions, short replicationFactor) {
    ensureTopics(bootstrap, KafkaClientSettings.NONE, topics, partitions, replicationFactor);
  }

  /** {@link #ensureTopics(String, Collection, int, short)} logged in with the cluster's connection and security settings. */
  public static void ensureTopics(String bootstrap, KafkaClientSettings client, Collection<TopicSpec<?, ?>> topics, int partitions,
      short replicationFactor) {
    try (Admin admin = Admin.create(client.over(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = topics.stream()
          .filter(t -> !existing.contains(t.name()))
          .map(t -> new NewTopic(t.name(), Optional.of(Math.max(partitions, t.minPartitions())), Optional.of(replicationFactor)).configs(t.configs()))
          .toList();
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      awaitVisible(admin, missing.stream().map(NewTopic::name).toList());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * createTopics returns once the controller has them; a broker may answer metadata requests
   * without them for a moment longer. Callers check partitions right away, so wait until described.
   */
  private static void awaitVisible(Admin admin, List<String> names) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
  }
}
