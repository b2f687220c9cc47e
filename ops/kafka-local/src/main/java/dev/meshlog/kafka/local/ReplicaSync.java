package dev.meshlog.kafka.local;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a cluster to be whole again: every broker registered, every replica in sync. A node that was just
 * restarted serves requests before its replicas have caught up; stopping another node in that window would leave
 * partitions below min.insync, which is a test bug, not the fault under test.
 */
final class ReplicaSync {

  private static final Logger log = LoggerFactory.getLogger(ReplicaSync.class);

  private ReplicaSync() {}

  static void awaitBrokers(Admin admin, int count, Duration timeout) {
    poll(timeout, "waiting for " + count + " brokers", () -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= count);
  }

  static void await(Admin admin, Duration timeout) {
    poll(timeout, "waiting for every replica to be in sync", () -> {
      Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(5, TimeUnit.SECONDS);
      Collection<TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values();
      return topics.stream().flatMap(t -> t.partitions().stream()).allMatch(ReplicaSync::inSync);
    });
  }

  private static boolean inSync(TopicPartitionInfo partition) {
    return partition.leader() != null && partition.isr().size() == partition.replicas().size();
  }

  private interface Check {
    boolean passes() throws ExecutionException, TimeoutException, InterruptedException;
  }

  private static void poll(Duration timeout, String what, Check check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        try {
          if (check.passes()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          log.debug("{}: {}", what, e.toString());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out after " + timeout + " " + what);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    }
  }
}
