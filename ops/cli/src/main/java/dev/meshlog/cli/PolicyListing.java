package dev.meshlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.schemas.Subjects;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import java.util.stream.Collectors;

/** How {@code meshlog get} prints resources: the applied documents, or their names. */
public final class PolicyListing {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  private PolicyListing() {}

  /** {@code Kind/ns/name} per line: the form delete and status take. */
  static String names(List<PolicyEvent> events) {
    return events.stream().map(e -> Subjects.of(e.getKind(), e.getNamespace(), e.getName()) + "\n").collect(Collectors.joining());
  }

  /** The documents, separated by {@code ---} lines, each as it was applied. */
  static String yaml(List<PolicyEvent> events) {
    return events.stream().map(PolicyListing::document).collect(Collectors.joining("---\n"));
  }

  private static String document(PolicyEvent event) {
    String document = event.getDocument();
    if (document != null && !document.isBlank()) {
      return document.stripTrailing() + "\n";
    }
    // An event written without its source text (e.g. through the API) still has its typed spec.
    return typed(event);
  }

  /**
   * The resource as its typed fields, one stable rendering whatever the applied text looked like
   * (comments, key order): what {@code history} diffs, so only real changes show.
   */
  public static String typed(PolicyEvent event) {
    try {
      return YAML.writeValueAsString(typedTree(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + event.getKind() + "/" + event.getNamespace() + "/" + event.getName(), e);
    }
  }

  /** The typed rendering as a tree, for callers that embed it in a larger document. */
  public static ObjectNode typedTree(PolicyEvent event) {
    ObjectNode tree = YAML.createObjectNode();
    tree.put("apiVersion", event.getApiVersion());
    tree.put("kind", event.getKind());
    tree.putObject("metadata").put("name", event.getName()).put("namespace", event.getNamespace());
    if (event.getSpec() instanceof IndexedRecord spec) {
      tree.set("spec", AvroTree.of(spec));
    }
    return tree;
  }
}
