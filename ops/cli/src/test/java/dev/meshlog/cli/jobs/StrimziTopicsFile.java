package dev.meshlog.cli.jobs;

import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes ops/k8s/strimzi/kafka-topics.yaml from {@link Topics#DEFAULT}: one Strimzi KafkaTopic per topic, with the
 * partitions of {@link TopicLayout}, 3 replicas and the registry's configs plus min.insync.replicas 2.
 * {@code StrimziTopicsFileTest} fails when the file is out of date; regenerate with
 * {@code mvn -pl ops/cli verify -Dtest=StrimziTopicsFileTest -Dmeshlog.k8s.regenerate=true} (or run this main).
 */
final class StrimziTopicsFile {

  static final Path FILE = Path.of("../k8s/strimzi/kafka-topics.yaml");
  static final int DEFAULT_PARTITIONS = 3;
  static final int REPLICAS = 3;
  /** The rule the jobs apply when they create topics, so a Strimzi cluster and a job-created one agree. */
  static final String MIN_INSYNC_REPLICAS = Integer.toString(TopicAdmin.minInsyncReplicas((short) REPLICAS));

  private StrimziTopicsFile() {}

  static String render(Topics topics) {
    TopicLayout layout = new TopicLayout(topics, DEFAULT_PARTITIONS);
    StringBuilder out = new StringBuilder()
        .append("# GENERATED from dev.meshlog.schemas.Topics.DEFAULT by StrimziTopicsFile (ops/cli tests): do not edit.\n")
        .append("# One KafkaTopic per Meshlog topic for a Strimzi-managed Kafka cluster. Partitions: ").append(DEFAULT_PARTITIONS)
        .append(",\n# except the snapshot builder's inputs (exactly 1: versions are sums of source offsets) and topics\n")
        .append("# read by key that need more (mesh.policy.history). Replicas ").append(REPLICAS)
        .append(" with min.insync.replicas ").append(MIN_INSYNC_REPLICAS).append(".\n")
        .append("# The label strimzi.io/cluster names your Kafka resource; kustomization.yaml sets it and the namespace.\n");
    for (TopicSpec<?, ?> topic : topics.all()) {
      Map<String, String> config = new TreeMap<>(topic.configs());
      config.put("min.insync.replicas", MIN_INSYNC_REPLICAS);
      out.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaTopic\n")
          .append("metadata:\n")
          .append("  name: ").append(topic.name()).append('\n')
          .append("  labels:\n")
          .append("    strimzi.io/cluster: my-cluster\n")
          .append("spec:\n")
          .append("  topicName: ").append(topic.name()).append('\n')
          .append("  partitions: ").append(layout.partitionsOf(topic)).append('\n')
          .append("  replicas: ").append(REPLICAS).append('\n')
          .append("  config:\n");
      config.forEach((key, value) -> out.append("    ").append(key).append(": \"").append(value).append("\"\n"));
    }
    return out.toString();
  }

  static void write() throws IOException {
    Files.createDirectories(FILE.getParent());
    Files.writeString(FILE, render(Topics.DEFAULT));
  }

  public static void main(String[] args) throws IOException {
    write();
    System.out.println("wrote " + FILE.toAbsolutePath().normalize());
  }
}
