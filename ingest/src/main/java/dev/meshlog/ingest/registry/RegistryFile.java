package dev.meshlog.ingest.registry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ValidationError;
import dev.meshlog.ingest.yaml.BoundedYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standalone registry file, for machines without Kubernetes: one YAML document with a list of
 * {@code services} and a list of {@code workloads} (format in docs/kubernetes-ingest.md). All or nothing:
 * a file with any error is refused with every error, each naming the file, the field path and the reason.
 */
public final class RegistryFile {

  private static final Set<String> TOP = Set.of("services", "workloads");
  private static final Set<String> SERVICE = Set.of("name", "namespace", "ports", "labels");
  private static final Set<String> PORT = Set.of("name", "port", "protocol");
  private static final Set<String> WORKLOAD = Set.of("name", "namespace", "service", "serviceAccount", "labels", "address", "port",
      "servicePort", "proxyId");
  private static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTP2", "HTTPS", "GRPC", "GRPC-WEB", "TCP", "TLS", "MONGO", "REDIS", "MYSQL");

  private RegistryFile() {}

  /** Reads {@code path} as UTF-8; errors name it as given. */
  public static RegistryParse parse(Path path, Attribution attribution) {
    try {
      long size = Files.size(path);
      if (size > BoundedYaml.MAX_FILE_BYTES) {
        return new RegistryParse.Refused(List.of(new ValidationError(path.toString(), "", "is " + size + " bytes; at most "
            + BoundedYaml.MAX_FILE_BYTES + " are read")));
      }
      return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8), attribution);
    } catch (IOException e) {
      return new RegistryParse.Refused(List.of(new ValidationError(path.toString(), "", "cannot read the file: " + e)));
    }
  }

  public static RegistryParse parse(String file, String text, Attribution attribution) {
    List<ValidationError> errors = new ArrayList<>();
    RegistryFields fields = new RegistryFields(file, errors);
    JsonNode root;
    try {
      List<JsonNode> documents = BoundedYaml.readAll(text);
      if (documents.size() > 1) {
        return new RegistryParse.Refused(List.of(new ValidationError(file, "", "must be one YAML document (found " + documents.size() + ")")));
      }
      root = documents.isEmpty() ? null : documents.get(0);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      return new RegistryParse.Refused(List.of(new ValidationError(file, "", "malformed YAML" + where + ": " + e.getOriginalMessage())));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new RegistryParse.Refused(List.of(new ValidationError(file, "", "is empty; declare `services:` and `workloads:` (empty lists remove everything)")));
    }
    if (!root.isObject()) {
      return new RegistryParse.Refused(List.of(new ValidationError(file, "", "must be a mapping with `services` and `workloads` lists")));
    }
    fields.onlyKnown(root, "", TOP);
    Map<String, Desired> desired = new LinkedHashMap<>();
    Map<String, String> declaredAt = new LinkedHashMap<>();
    List<JsonNode> services = fields.list(root, "", "services");
    for (int i = 0; i < services.size(); i++) {
      String path = RegistryFields.item("services", i);
      service(services.get(i), path, fields).ifPresent(s -> add(desired, declaredAt, s, path, attribution, fields));
    }
    List<JsonNode> workloads = fields.list(root, "", "workloads");
    for (int i = 0; i < workloads.size(); i++) {
      String path = RegistryFields.item("workloads", i);
      workload(workloads.get(i), path, fields).ifPresent(w -> add(desired, declaredAt, w, path, attribution, fields));
    }
    return errors.isEmpty() ? new RegistryParse.Parsed(desired) : new RegistryParse.Refused(errors);
  }

  private static void add(Map<String, Desired> desired, Map<String, String> declaredAt, ClusterResource resource, String path,
      Attribution attribution, RegistryFields fields) {
    String earlier = declaredAt.putIfAbsent(resource.key(), path);
    if (earlier != null) {
      fields.error(RegistryFields.at(path, "name"), resource.key() + " is already declared at " + earlier);
    } else {
      desired.put(resource.key(), new Desired(resource, attribution));
    }
  }

  private static Optional<ServiceRecord> service(JsonNode node, String path, RegistryFields fields) {
    if (!node.isObject()) {
      fields.error(path, "must be a mapping");
      return Optional.empty();
    }
    fields.onlyKnown(node, path, SERVICE);
    String name = fields.dnsLabel(node, path, "name");
    String namespace = fields.dnsLabel(node, path, "namespace");
    List<ServiceRecord.Port> ports = new ArrayList<>();
    List<JsonNode> items = fields.list(node, path, "ports");
    for (int i = 0; i < items.size(); i++) {
      String portPath = RegistryFields.item(RegistryFields.at(path, "ports"), i);
      JsonNode port = items.get(i);
      if (!port.isObject()) {
        fields.error(portPath, "must be a mapping with name, port and protocol");
        continue;
      }
      fields.onlyKnown(port, portPath, PORT);
      int number = fields.integer(port, portPath, "port", 1, 65_535, Optional.empty());
      String protocol = fields.optionalString(port, portPath, "protocol").orElse("HTTP");
      if (!PROTOCOLS.contains(protocol)) {
        fields.error(RegistryFields.at(portPath, "protocol"), "'" + protocol + "' is not one of " + String.join(", ", new TreeSet<>(PROTOCOLS)));
      }
      ports.add(new ServiceRecord.Port(fields.optionalString(port, portPath, "name").orElse("http"), number, protocol));
    }
    return Optional.of(ServiceRecord.of(name, namespace, ports, fields.labels(node, path, "labels")));
  }

  private static Optional<WorkloadRecord> workload(JsonNode node, String path, RegistryFields fields) {
    if (!node.isObject()) {
      fields.error(path, "must be a mapping");
      return Optional.empty();
    }
    fields.onlyKnown(node, path, WORKLOAD);
    String name = fields.dnsSubdomain(node, path, "name");
    String namespace = fields.dnsLabel(node, path, "namespace");
    String service = fields.dnsLabel(node, path, "service");
    String serviceAccount = fields.optionalString(node, path, "serviceAccount").orElse("default");
    String address = fields.requiredString(node, path, "address");
    int port = fields.integer(node, path, "port", 0, 65_535, Optional.empty());
    int servicePort = fields.integer(node, path, "servicePort", 1, 65_535, Optional.of(80));
    Optional<String> proxyId = fields.optionalString(node, path, "proxyId");
    return Optional.of(WorkloadRecord.of(name, namespace, service, serviceAccount, fields.labels(node, path, "labels"), proxyId,
        address, port, servicePort));
  }
}
