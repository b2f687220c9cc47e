package dev.meshlog.ingest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.Source;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ValidationError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryFileTest {

  private static final Attribution ALICE = new Attribution("alice", "", Source.CLI);

  static final String VALID = """
      services:
        - name: reviews
          namespace: shop
          ports:
            - {name: http, port: 9080, protocol: HTTP}
          labels: {app: reviews}
      workloads:
        - name: reviews-v1-a
          namespace: shop
          service: reviews
          serviceAccount: reviews
          labels: {app: reviews, version: 1}
          address: 10.0.0.12
          port: 9080
          servicePort: 9080
          proxyId: reviews-v1-a.shop
        - name: db
          namespace: shop
          service: db
          address: db.internal
          port: 5432
      """;

  private static List<String> errors(String yaml) {
    RegistryParse parsed = RegistryFile.parse("reg.yaml", yaml, ALICE);
    return assertInstanceOf(RegistryParse.Refused.class, parsed).errors().stream().map(ValidationError::toString).toList();
  }

  @Test
  void shouldReadServicesAndWorkloadsWithDefaults() {
    RegistryParse.Parsed parsed = assertInstanceOf(RegistryParse.Parsed.class, RegistryFile.parse("reg.yaml", VALID, ALICE));
    Map<String, Desired> desired = parsed.desired();
    assertEquals(ServiceRecord.of("reviews", "shop", List.of(new ServiceRecord.Port("http", 9080, "HTTP")), Map.of("app", "reviews")),
        desired.get("Service/shop/reviews").resource());
    assertEquals(WorkloadRecord.of("reviews-v1-a", "shop", "reviews", "reviews", Map.of("app", "reviews", "version", "1"),
        Optional.of("reviews-v1-a.shop"), "10.0.0.12", 9080, 9080), desired.get("Workload/shop/reviews-v1-a").resource());
    assertEquals(WorkloadRecord.of("db", "shop", "db", "default", Map.of(), Optional.empty(), "db.internal", 5432, 80),
        desired.get("Workload/shop/db").resource());
    assertEquals(ALICE, desired.get("Workload/shop/db").attribution());
    assertEquals(3, desired.size());
  }

  @Test
  void shouldNameFileFieldAndReasonForEveryError() {
    List<String> errors = errors("""
        services:
          - name: Reviews
            ports:
              - {port: 70000, protocol: SPDY, color: red}
          - 42
        workloads:
          - name: w
            namespace: shop
            service: reviews
            labels: {a: [1]}
            port: "eighty"
            servicePort: 0
            proxyId: 7
        extra: true
        """);
    assertEquals(List.of(
        "reg.yaml: extra: unknown field (expected one of services, workloads)",
        "reg.yaml: services[0].name: 'Reviews' is not a lowercase DNS label (RFC 1123)",
        "reg.yaml: services[0].namespace: is required",
        "reg.yaml: services[0].ports[0].color: unknown field (expected one of name, port, protocol)",
        "reg.yaml: services[0].ports[0].port: 70000 is out of range 1..65535",
        "reg.yaml: services[0].ports[0].protocol: 'SPDY' is not one of GRPC, GRPC-WEB, HTTP, HTTP2, HTTPS, MONGO, MYSQL, REDIS, TCP, TLS",
        "reg.yaml: services[1]: must be a mapping",
        "reg.yaml: workloads[0].address: is required",
        "reg.yaml: workloads[0].port: must be an integer, got 'eighty'",
        "reg.yaml: workloads[0].servicePort: 0 is out of range 1..65535",
        "reg.yaml: workloads[0].proxyId: must be a string, got number",
        "reg.yaml: workloads[0].labels.a: must be a string value"), errors);
  }

  @Test
  void shouldRefuseDuplicatesMalformedAndEmptyFiles() {
    assertEquals(List.of("reg.yaml: services[1].name: Service/shop/reviews is already declared at services[0]"), errors("""
        services:
          - {name: reviews, namespace: shop}
          - {name: reviews, namespace: shop}
        """));
    List<String> malformed = errors("services: [\n");
    assertTrue(malformed.get(0).startsWith("reg.yaml: : malformed YAML at line"), malformed.toString());
    assertEquals(List.of("reg.yaml: : is empty; declare `services:` and `workloads:` (empty lists remove everything)"), errors("# nothing\n"));
    assertEquals(List.of("reg.yaml: : must be a mapping with `services` and `workloads` lists"), errors("- a\n"));
    assertEquals(List.of("reg.yaml: workloads: must be a list"), errors("workloads: {a: b}\n"));
    assertTrue(errors("services: []\nservices: []\n").get(0).contains("Duplicate field 'services'"));
  }

  @Test
  void shouldAcceptExplicitlyEmptyListsAndRefuseAnUnreadableFile() {
    assertTrue(assertInstanceOf(RegistryParse.Parsed.class, RegistryFile.parse("reg.yaml", "services: []\nworkloads: []\n", ALICE)).desired().isEmpty());
    RegistryParse missing = RegistryFile.parse(Path.of("/nonexistent/reg.yaml"), ALICE);
    ValidationError error = assertInstanceOf(RegistryParse.Refused.class, missing).errors().get(0);
    assertEquals("/nonexistent/reg.yaml", error.file());
    assertTrue(error.reason().startsWith("cannot read the file"), error.reason());
  }
}
