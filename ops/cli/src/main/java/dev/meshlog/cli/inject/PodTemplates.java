package dev.meshlog.cli.inject;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a Kubernetes object keeps its pod template, and the conversion between the JSON tree (what
 * files and admission reviews carry, every field kept) and fabric8's model (what the injector edits).
 * fabric8 8 is built on Jackson 3, hence {@code tools.jackson} here; the rest of Meshlog stays on Jackson 2.
 */
public final class PodTemplates {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Field path of the pod template by kind; a Pod is its own template (metadata + spec). */
  private static final Map<String, List<String>> TEMPLATE_PATHS = Map.of(
      "Pod", List.of(),
      "Deployment", List.of("spec", "template"),
      "StatefulSet", List.of("spec", "template"),
      "DaemonSet", List.of("spec", "template"),
      "ReplicaSet", List.of("spec", "template"),
      "ReplicationController", List.of("spec", "template"),
      "Job", List.of("spec", "template"),
      "CronJob", List.of("spec", "jobTemplate", "spec", "template"));

  private PodTemplates() {}

  /** The template's field path in objects of this kind; empty for kinds without pods (passed through). */
  public static Optional<List<String>> pathOf(String kind) {
    return Optional.ofNullable(TEMPLATE_PATHS.get(kind));
  }

  /** The object at {@code path}, or an error naming the first missing field. */
  public static ObjectNode at(JsonNode document, List<String> path) {
    JsonNode node = document;
    StringBuilder walked = new StringBuilder();
    for (String field : path) {
      walked.append(walked.length() == 0 ? "" : ".").append(field);
      node = node.get(field);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(walked + ": " + (node == null || node.isNull() ? "missing" : "not an object"));
      }
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    return (ObjectNode) node;
  }

  /** The template in {@code holder} ({@code metadata} + {@code spec}) as fabric8's model. */
  public static PodTemplateSpec read(ObjectNode holder) {
    JsonNode spec = holder.get("spec");
    if (spec == null || !spec.isObject()) {
      throw new IllegalArgumentException("spec: " + (spec == null ? "missing" : "not an object"));
    }
    try {
      return SERIALIZATION.convertValue(holder, PodTemplateSpec.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a pod template: " + firstLine(e.getMessage()), e);
    }
  }

  /** Writes {@code template}'s metadata and spec into {@code holder}, leaving its other fields alone. */
  public static void write(PodTemplateSpec template, ObjectNode holder) {
    ObjectNode tree = SERIALIZATION.convertValue(template, ObjectNode.class);
    holder.set("metadata", tree.get("metadata"));
    holder.set("spec", tree.get("spec"));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
