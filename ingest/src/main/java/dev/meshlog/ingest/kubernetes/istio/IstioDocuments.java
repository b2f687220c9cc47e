package dev.meshlog.ingest.kubernetes.istio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import dev.meshlog.ingest.policy.ValidationError;
import dev.meshlog.ingest.yaml.BoundedYaml;
import dev.meshlog.schemas.Subjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an Istio object from the API server into the YAML document a user would have applied (apiVersion, kind,
 * metadata name/namespace/generation, spec) and runs it through ingest's own reading and validation, so an object
 * from Kubernetes is typed and judged exactly like a file given to {@code meshlog apply}. Status, labels,
 * annotations and managedFields are left out: they are not policy. The Istio generation rides along in the
 * document's metadata (the command has no field for it) and in the default reason.
 */
public final class IstioDocuments {

  private static final ObjectWriter YAML = BoundedYaml.mapper().writer()
      .without(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .with(YAMLGenerator.Feature.MINIMIZE_QUOTES);

  private IstioDocuments() {}

  public static Conversion convert(GenericKubernetesResource object, Clock clock) {
    return convert(object, ObjectAttribution.ofChange(object), clock);
  }

  /**
   * Never throws: whatever the API server holds (it validates only what the CRD's schema says), the object
   * converts or is refused with a reason, so one hostile object cannot stop the sync of the others.
   */
  public static Conversion convert(GenericKubernetesResource object, Attribution attribution, Clock clock) {
    String subject = subject(object);
    String origin = "kubernetes:" + subject;
    try {
      return convert(object, subject, origin, attribution, clock);
    } catch (RuntimeException e) {
      return new Conversion.Refused(subject, List.of(new ValidationError(origin, "", "cannot be read: " + e)));
    }
  }

  private static Conversion convert(GenericKubernetesResource object, String subject, String origin, Attribution attribution,
      Clock clock) {
    Map<String, Object> document = document(object);
    // Checked before writing: the writer and the reader would recurse as deep as the object goes.
    if (NestingDepth.exceeds(document.get("spec"), BoundedYaml.MAX_NESTING_DEPTH - 1)) {
      return new Conversion.Refused(subject, List.of(new ValidationError(origin, "spec",
          "nests deeper than " + BoundedYaml.MAX_NESTING_DEPTH + " levels")));
    }
    String text;
    try {
      text = YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      return new Conversion.Refused(subject, List.of(new ValidationError(origin, "", "cannot be written as YAML: " + e.getOriginalMessage())));
    }
    ParseResult result = PolicyDocuments.parse(origin, text, attribution, clock);
    if (result instanceof ParseResult.Parsed parsed && parsed.commands().size() == 1) {
      return new Conversion.Converted(subject, parsed.commands().get(0));
    }
    if (result instanceof ParseResult.Refused refused) {
      return new Conversion.Refused(subject, refused.errors());
    }
    return new Conversion.Refused(subject, List.of(new ValidationError(origin, "", "did not read as exactly one policy document")));
  }

  /** {@code Kind/ns/name} of the object, as the policy topics key it. */
  public static String subject(GenericKubernetesResource object) {
    ObjectMeta meta = object.getMetadata();
    return Subjects.of(text(object.getKind()), meta == null ? "" : text(meta.getNamespace()), meta == null ? "" : text(meta.getName()));
  }

  static Map<String, Object> document(GenericKubernetesResource object) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", object.getApiVersion());
    document.put("kind", object.getKind());
    Map<String, Object> metadata = new LinkedHashMap<>();
    ObjectMeta meta = object.getMetadata();
    if (meta != null) {
      metadata.put("name", meta.getName());
      metadata.put("namespace", meta.getNamespace());
      if (meta.getGeneration() != null) {
        metadata.put("generation", meta.getGeneration());
      }
    }
    document.put("metadata", metadata);
    Object spec = object.getAdditionalProperties() == null ? null : object.getAdditionalProperties().get("spec");
    // Istio accepts an object without spec; the validator says what the kind requires.
    document.put("spec", spec == null ? Map.of() : spec);
    return document;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
