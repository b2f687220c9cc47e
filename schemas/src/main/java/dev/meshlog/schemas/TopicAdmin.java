package dev.meshlog.schemas;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Meshlog's topics with their explicit configs. Idempotent: a topic that exists is left as
 * it is. Partition count and replication factor come from the deployment, not from the registry,
 * except that a topic read by key ({@link TopicSpec#minPartitions}) gets at least the partitions it asks for.
 * Every topic created here gets the {@code min.insync.replicas} of {@link #minInsyncReplicas} for its replication
 * factor, unless its registry configs set one.
 */
public final class TopicAdmin {

  private static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

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
          .map(t -> new NewTopic(t.name(), Optional.of(Math.max(partitions, t.minPartitions())), Optional.of(replicationFactor))
              .configs(withMinInsync(t.configs(), replicationFactor)))
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

  /** How many brokers the cluster at {@code bootstrap} has registered (fenced ones excluded, as Kafka's describe does). */
  public static int brokerCount(String bootstrap) {
    return brokerCount(bootstrap, KafkaClientSettings.NONE);
  }

  /** {@link #brokerCount(String)} logged in with the cluster's connection and security settings. */
  public static int brokerCount(String bootstrap, KafkaClientSettings client) {
    try (Admin admin = Admin.create(client.over(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
      return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting the brokers of " + bootstrap, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot count the brokers of " + bootstrap + ": " + e, e);
    }
  }

  /**
   * The min.insync.replicas that goes with {@code replicationFactor}, the one place of this rule: 2 from 3 replicas
   * up, so one broker can be down (a rolling restart) while acks=all writers go on and every acknowledged write is
   * on two brokers; 1 with 2 or 1 replicas, since 2 of 2 would stop every writer while either broker is down.
   */
  public static int minInsyncReplicas(short replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
    }
    return replicationFactor >= 3 ? 2 : 1;
  }

  private static Map<String, String> withMinInsync(Map<String, String> configs, short replicationFactor) {
    if (configs.containsKey(MIN_INSYNC_REPLICAS)) {
      return configs;
    }
    Map<String, String> all = new HashMap<>(configs);
    all.put(MIN_INSYNC_REPLICAS, Integer.toString(minInsyncReplicas(replicationFactor)));
    return all;
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
