package dev.meshlog.cli.inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * {@code meshlog inject}'s work on text: multi-document YAML in, every pod template injected, other
 * objects passed through as they were read. All or nothing: the first bad document fails the whole
 * input, naming the document (1-based), its kind and name, the field and the reason.
 */
public final class ManifestInjector {

  /** kubectl-like output: quotes only where YAML needs them (number-like strings such as env values keep
   * theirs, or they would read back as numbers), scripts as literal blocks. */
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS,
          YAMLWriteFeature.LITERAL_BLOCK_STYLE)
      .disable(YAMLWriteFeature.SPLIT_LINES)
      .build();

  private final SidecarInjector injector;

  public ManifestInjector(SidecarInjector injector) {
    this.injector = injector;
  }

  /** What came out: the YAML to write, and a line per pod template saying what happened to it. */
  public record Result(String yaml, List<String> notes) {}

  public Result inject(String yaml) {
    List<JsonNode> documents = read(yaml);
    List<String> notes = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue;   // an empty document between two separators
      }
      String where = "document " + (i + 1);
      if (!document.isObject()) {
        throw new InjectException(where + ": not a Kubernetes object (expected a mapping)");
      }
      injectObject((ObjectNode) document, where, notes);
      out.append(YAML.writeValueAsString(document));
    }
    return new Result(out.toString(), List.copyOf(notes));
  }

  /** Injects one object in place (each item of a {@code kind: List}, as kubectl get -o yaml writes). */
  private void injectObject(ObjectNode document, String where, List<String> notes) {
    JsonNode kindNode = document.get("kind");
    if (kindNode == null || !kindNode.isString() || kindNode.asString().isBlank()) {
      throw new InjectException(where + ": kind: missing");
    }
    String kind = kindNode.asString();
    if (kind.equals("List") && document.path("items").isArray()) {
      JsonNode items = document.get("items");
      for (int i = 0; i < items.size(); i++) {
        if (!items.get(i).isObject()) {
          throw new InjectException(where + ": items[" + i + "]: not a Kubernetes object");
        }
        injectObject((ObjectNode) items.get(i), where + " items[" + i + "]", notes);
      }
      return;
    }
    String name = document.path("metadata").path("name").asString("");
    String named = where + " (" + kind + (name.isEmpty() ? "" : " " + name) + ")";
    Optional<List<String>> path = PodTemplates.pathOf(kind);
    if (path.isEmpty()) {
      return;   // no pods in it: passed through as read
    }
    try {
      ObjectNode holder = PodTemplates.at(document, path.get());
      Injection result = injector.inject(PodTemplates.read(holder));
      PodTemplates.write(result.template(), holder);
      notes.add(named + ": " + (result instanceof Injection.Skipped skipped ? "skipped, " + skipped.reason() : "injected"));
    } catch (IllegalArgumentException e) {
      throw new InjectException(named + ": " + prefixed(path.get(), e.getMessage()));
    }
  }

  private static List<JsonNode> read(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (values.hasNextValue()) {
        documents.add(values.nextValue());
      }
    } catch (JacksonException e) {
      throw new InjectException("document " + (documents.size() + 1) + ": not valid YAML: " + e.getOriginalMessage());
    }
    return documents;
  }

  /** Field errors come relative to the template; name them from the object's root. */
  private static String prefixed(List<String> path, String message) {
    String base = String.join(".", path);
    if (base.isEmpty() || message.startsWith(base)) {
      return message;
    }
    return message.startsWith("spec") || message.startsWith("metadata") ? base + "." + message : base + ": " + message;
  }
}
