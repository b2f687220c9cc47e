package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many partitions each topic gets in a deployment: one for the snapshot builder's inputs (a snapshot's version
 * is a sum of source offsets, a total order only when one task reads every input: the engine refuses to start
 * otherwise), at least the registry's minimum for a topic read by key, else the deployment's count.
 * Used when the jobs create topics and by the Strimzi KafkaTopic file, so both agree.
 */
public record TopicLayout(Topics topics, int partitions) {

  private static final Logger log = LoggerFactory.getLogger(TopicLayout.class);

  public TopicLayout {
    if (partitions < 1) {
      throw new IllegalArgumentException("--partitions: must be at least 1, got " + partitions);
    }
  }

  /** The topics that must have exactly one partition. */
  public List<TopicSpec<?, ?>> singlePartition() {
    return List.of(topics.policyEvents(), topics.clusterEvents(), topics.caBundle());
  }

  public int partitionsOf(TopicSpec<?, ?> topic) {
    return singleNames().contains(topic.name()) ? 1 : Math.max(partitions, topic.minPartitions());
  }

  private Set<String> singleNames() {
    return singlePartition().stream().map(TopicSpec::name).collect(Collectors.toSet());
  }

  /** Creates the missing topics with these counts; existing topics are left as they are. */
  public void ensure(String bootstrap, short replicationFactor) {
    ensure(bootstrap, KafkaClientSettings.NONE, replicationFactor);
  }

  /**
   * As above, logged in with {@code client}. A job of the secure profile may not create Meshlog topics (the admin
   * does, docs/security.md) and sees only the topics it may describe: a refused creation is logged and left to the
   * job's own start-up checks, which name a topic that is really missing.
   */
  public void ensure(String bootstrap, KafkaClientSettings client, short replicationFactor) {
    Set<String> single = singleNames();
    try {
      TopicAdmin.ensureTopics(bootstrap, client, singlePartition(), 1, replicationFactor);
      TopicAdmin.ensureTopics(bootstrap, client, topics.all().stream().filter(t -> !single.contains(t.name())).toList(), partitions,
          replicationFactor);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof TopicAuthorizationException || e.getCause() instanceof ClusterAuthorizationException)) {
        throw e;
      }
      log.info("not creating topics: this login may not ({}); they must exist already", e.getCause().getMessage());
    }
  }
}
