package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.choice;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.string;
import static dev.meshlog.ingest.policy.YamlFields.strings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.AuthzSource;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Reads an AuthorizationPolicy {@code spec}. */
final class AuthorizationPolicyReader {

  private static final Shape SPEC = Shape.of("selector", "action", "rules").unsupported("provider", "targetRef", "targetRefs");
  private static final Shape RULE = Shape.of("from", "to", "when");
  private static final Shape FROM = Shape.of("source");
  private static final Shape TO = Shape.of("operation");
  private static final Shape SOURCE = Shape.of("principals", "notPrincipals", "namespaces", "notNamespaces", "ipBlocks",
      "notIpBlocks").unsupported("requestPrincipals", "notRequestPrincipals", "remoteIpBlocks", "notRemoteIpBlocks",
      "serviceAccounts", "notServiceAccounts");
  private static final Shape OPERATION = Shape.of("hosts", "notHosts", "ports", "notPorts", "methods", "notMethods", "paths",
      "notPaths");
  private static final Shape CONDITION = Shape.of("key", "values", "notValues");

  private AuthorizationPolicyReader() {}

  static Optional<SpecificRecord> read(JsonNode spec, Problems problems) {
    if (!mapping(spec, "spec", SPEC, problems)) {
      return Optional.empty();
    }
    AuthzAction action = choice(spec, "action", "spec", List.of("ALLOW", "DENY", "AUDIT"), List.of("CUSTOM"), problems)
        .map(AuthzAction::valueOf).orElse(AuthzAction.ALLOW);
    List<AuthzRule> rules = list(spec, "rules", "spec", problems).stream().map(rule -> rule(rule, problems)).toList();
    return Optional.of(new AuthorizationPolicySpec(PeerAuthenticationReader.selector(spec, "spec", problems), action, rules));
  }

  private static AuthzRule rule(Element rule, Problems problems) {
    AuthzRule result = new AuthzRule(List.of(), List.of(), List.of());
    if (!mapping(rule.node(), rule.path(), RULE, problems)) {
      return result;
    }
    result.setFrom(list(rule.node(), "from", rule.path(), problems).stream()
        .flatMap(from -> wrapped(from, "source", FROM, SOURCE, problems).map(source -> source(source, field(from.path(), "source"), problems)).stream())
        .toList());
    result.setTo(list(rule.node(), "to", rule.path(), problems).stream()
        .flatMap(to -> wrapped(to, "operation", TO, OPERATION, problems).map(op -> operation(op, field(to.path(), "operation"), problems)).stream())
        .toList());
    result.setWhen(list(rule.node(), "when", rule.path(), problems).stream().map(when -> condition(when, problems)).toList());
    return result;
  }

  /** Istio wraps each source and operation: {@code from: [{source: {...}}]}. */
  private static Optional<JsonNode> wrapped(Element element, String key, Shape wrapper, Shape inner, Problems problems) {
    if (!mapping(element.node(), element.path(), wrapper, problems)) {
      return Optional.empty();
    }
    Optional<JsonNode> value = object(element.node(), key, element.path(), inner, problems);
    if (value.isEmpty() && !element.node().has(key)) {
      problems.add(field(element.path(), key), "is required");
    }
    return value;
  }

  private static AuthzSource source(JsonNode node, String path, Problems problems) {
    return new AuthzSource(strings(node, "principals", path, problems), strings(node, "notPrincipals", path, problems),
        strings(node, "namespaces", path, problems), strings(node, "notNamespaces", path, problems),
        strings(node, "ipBlocks", path, problems), strings(node, "notIpBlocks", path, problems));
  }

  private static AuthzOperation operation(JsonNode node, String path, Problems problems) {
    return new AuthzOperation(strings(node, "hosts", path, problems), strings(node, "notHosts", path, problems),
        strings(node, "ports", path, problems), strings(node, "notPorts", path, problems),
        strings(node, "methods", path, problems), strings(node, "notMethods", path, problems),
        strings(node, "paths", path, problems), strings(node, "notPaths", path, problems));
  }

  private static AuthzCondition condition(Element when, Problems problems) {
    AuthzCondition result = new AuthzCondition("", List.of(), List.of());
    if (mapping(when.node(), when.path(), CONDITION, problems)) {
      result.setKey(string(when.node(), "key", when.path(), problems).orElse(""));
      result.setValues(strings(when.node(), "values", when.path(), problems));
      result.setNotValues(strings(when.node(), "notValues", when.path(), problems));
    }
    return result;
  }
}
