package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.text;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.AuthzSource;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Rules of an AuthorizationPolicy spec: Istio's, over the sources, operations and conditions Meshlog enforces. */
final class AuthorizationPolicyRules {

  static final List<String> CONDITION_KEYS = List.of("source.ip", "source.namespace", "source.principal",
      "request.headers[<name>]", "destination.ip", "destination.port", "connection.sni");
  private static final Pattern HEADER_KEY = Pattern.compile("request\\.headers\\[([^\\]]+)\\]");
  private static final Predicate<String> PORT = value -> value.matches("\\d{1,5}") && Integer.parseInt(value) >= 1
      && Integer.parseInt(value) <= 65535;

  private AuthorizationPolicyRules() {}

  static void check(AuthorizationPolicySpec spec, Problems problems) {
    LabelRules.check(spec.getSelector(), "spec.selector.matchLabels", problems);
    if (spec.getAction() == null) {
      problems.add("spec.action", "is required");
    }
    for (int i = 0; i < list(spec.getRules()).size(); i++) {
      AuthzRule rule = spec.getRules().get(i);
      String path = item("spec.rules", i);
      if (rule == null) {
        problems.add(path, "is required");
        continue;
      }
      for (int j = 0; j < list(rule.getFrom()).size(); j++) {
        checkSource(rule.getFrom().get(j), field(item(field(path, "from"), j), "source"), problems);
      }
      for (int j = 0; j < list(rule.getTo()).size(); j++) {
        checkOperation(rule.getTo().get(j), field(item(field(path, "to"), j), "operation"), problems);
      }
      for (int j = 0; j < list(rule.getWhen()).size(); j++) {
        checkCondition(rule.getWhen().get(j), item(field(path, "when"), j), problems);
      }
    }
  }

  private static void checkSource(AuthzSource source, String path, Problems problems) {
    if (source == null || Stream.of(source.getPrincipals(), source.getNotPrincipals(), source.getNamespaces(),
        source.getNotNamespaces(), source.getIpBlocks(), source.getNotIpBlocks()).allMatch(values -> list(values).isEmpty())) {
      problems.add(path, "must not be empty");
      return;
    }
    checkValues(source.getIpBlocks(), field(path, "ipBlocks"), AddressRules::isIpOrCidr, "an IP address or CIDR block", problems);
    checkValues(source.getNotIpBlocks(), field(path, "notIpBlocks"), AddressRules::isIpOrCidr, "an IP address or CIDR block",
        problems);
  }

  private static void checkOperation(AuthzOperation operation, String path, Problems problems) {
    if (operation == null || Stream.of(operation.getHosts(), operation.getNotHosts(), operation.getPorts(), operation.getNotPorts(),
        operation.getMethods(), operation.getNotMethods(), operation.getPaths(), operation.getNotPaths())
        .allMatch(values -> list(values).isEmpty())) {
      problems.add(path, "must not be empty");
      return;
    }
    checkValues(operation.getPorts(), field(path, "ports"), PORT, "a port number between 1 and 65535", problems);
    checkValues(operation.getNotPorts(), field(path, "notPorts"), PORT, "a port number between 1 and 65535", problems);
  }

  private static void checkCondition(AuthzCondition condition, String path, Problems problems) {
    if (condition == null) {
      problems.add(path, "is required");
      return;
    }
    String key = text(condition.getKey());
    if (key.isEmpty()) {
      problems.add(field(path, "key"), "is required");
      return;
    }
    if (!CONDITION_KEYS.contains(key) && !HEADER_KEY.matcher(key).matches()) {
      problems.add(field(path, "key"), "condition key '" + key + "' is " + YamlFields.NOT_SUPPORTED + "; supported: "
          + String.join(", ", CONDITION_KEYS));
      return;
    }
    if (list(condition.getValues()).isEmpty() && list(condition.getNotValues()).isEmpty()) {
      problems.add(path, "needs values or notValues");
    }
    if (key.equals("source.ip") || key.equals("destination.ip")) {
      checkValues(condition.getValues(), field(path, "values"), AddressRules::isIpOrCidr, "an IP address or CIDR block", problems);
      checkValues(condition.getNotValues(), field(path, "notValues"), AddressRules::isIpOrCidr, "an IP address or CIDR block",
          problems);
    } else if (key.equals("destination.port")) {
      checkValues(condition.getValues(), field(path, "values"), PORT, "a port number between 1 and 65535", problems);
      checkValues(condition.getNotValues(), field(path, "notValues"), PORT, "a port number between 1 and 65535", problems);
    }
  }

  private static void checkValues(List<String> values, String path, Predicate<String> valid, String expected, Problems problems) {
    for (int i = 0; i < list(values).size(); i++) {
      String value = text(values.get(i));
      if (!valid.test(value)) {
        problems.add(item(path, i), "'" + value + "' is not " + expected);
      }
    }
  }
}
