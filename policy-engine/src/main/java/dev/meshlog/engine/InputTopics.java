package dev.meshlog.engine;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;

/** Start-up checks on the topics the engine reads, so a misconfiguration fails with a message, not a hang. */
final class InputTopics {

  private InputTopics() {}

  /**
   * Fails unless every topic exists, and unless each of {@code singlePartition} has exactly one
   * partition: snapshot versions are sums of source offsets, a deterministic, monotonic position
   * only when one task folds every event of every input in one order.
   */
  static void check(String bootstrap, KafkaClientSettings client, List<TopicSpec<?, ?>> inputs, List<TopicSpec<?, ?>> singlePartition) {
    List<String> names = inputs.stream().map(TopicSpec::name).toList();
    try (Admin admin = Admin.create(client.over(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<String> missing = names.stream().filter(n -> !existing.contains(n)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException("policy engine cannot start: input topics " + missing + " do not exist on "
            + bootstrap + " (create them with TopicAdmin.ensureTopics)");
      }
      Map<String, TopicDescription> described = admin.describeTopics(
          singlePartition.stream().map(TopicSpec::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
      List<String> wrong = new ArrayList<>();
      described.forEach((name, d) -> {
        if (d.partitions().size() != 1) {
          wrong.add(name + " has " + d.partitions().size());
        }
      });
      if (!wrong.isEmpty()) {
        throw new IllegalStateException("policy engine cannot start: the snapshot builder needs exactly 1 partition on "
            + "its inputs, because snapshot versions are sums of source offsets (one total order), but " + wrong);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the engine's input topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot check the engine's input topics on " + bootstrap + ": " + e, e);
    }
  }
}
