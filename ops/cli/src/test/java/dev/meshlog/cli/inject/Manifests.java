package dev.meshlog.cli.inject;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Test fixtures in src/test/resources/inject, and YAML read back as fabric8 objects. */
final class Manifests {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** One document back to YAML text, for feeding `inject`. */
  static final java.util.function.Function<JsonNode, String> AS_YAML = YAML::writeValueAsString;

  private Manifests() {}

  static String fixture(String name) {
    try (InputStream in = Manifests.class.getResourceAsStream("/inject/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> documents(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        documents.add(values.nextValue());
      }
    }
    return documents;
  }

  static <T> T as(JsonNode node, Class<T> type) {
    return SERIALIZATION.convertValue(node, type);
  }
}
