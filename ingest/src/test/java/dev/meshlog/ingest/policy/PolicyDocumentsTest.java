package dev.meshlog.ingest.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDocumentsTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Attribution WHO = new Attribution("cli:alice", "canary v2", Source.CLI);

  private static final String ROUTE_HEADER = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: reviews}
      spec:
        hosts: [reviews]
        http:
        - route:
      """;

  @Test
  void shouldParseCanaryFileIntoDestinationRuleAndVirtualServiceWithQualifiedHosts() {
    List<PolicyCommand> commands = parsedFile("reviews-90-10.yaml");

    assertEquals(2, commands.size());
    PolicyCommand rule = commands.get(0);
    assertEquals("DestinationRule/default/reviews", rule.getEnvelope().getSubject());
    assertEquals(Operation.UPSERT, rule.getOperation());
    assertEquals("networking.istio.io/v1", rule.getApiVersion());
    DestinationRuleSpec ruleSpec = assertInstanceOf(DestinationRuleSpec.class, rule.getSpec());
    assertEquals("reviews.default.svc.cluster.local", ruleSpec.getHost());
    assertEquals(List.of("v1", "v2"), ruleSpec.getSubsets().stream().map(SubsetSpec::getName).toList());
    assertEquals(Map.of("version", "v2"), ruleSpec.getSubsets().get(1).getLabels());

    PolicyCommand service = commands.get(1);
    assertEquals("VirtualService/default/reviews", service.getEnvelope().getSubject());
    assertEquals("VirtualService", service.getKind());
    assertEquals("default", service.getNamespace());
    assertEquals("reviews", service.getName());
    VirtualServiceSpec serviceSpec = assertInstanceOf(VirtualServiceSpec.class, service.getSpec());
    assertEquals(List.of("reviews.default.svc.cluster.local"), serviceSpec.getHosts());
    assertEquals("reviews-canary", serviceSpec.getHttp().get(0).getName());
    List<WeightedDestination> route = serviceSpec.getHttp().get(0).getRoute();
    assertEquals(List.of(90, 10), route.stream().map(WeightedDestination::getWeight).toList());
    assertEquals(List.of("v1", "v2"), route.stream().map(WeightedDestination::getSubset).toList());
    assertEquals("reviews.default.svc.cluster.local", route.get(1).getHost());
    assertNull(route.get(1).getPort());
  }

  @Test
  void shouldAttributeEachCommandAndKeepItsOwnDocument() {
    List<PolicyCommand> commands = parsedFile("reviews-90-10.yaml");

    PolicyCommand service = commands.get(1);
    assertEquals("PolicyUpsertRequested", service.getEnvelope().getType());
    assertEquals("cli:alice", service.getEnvelope().getActor());
    assertEquals("canary v2", service.getEnvelope().getReason());
    assertEquals(Source.CLI, service.getEnvelope().getSource());
    assertEquals(NOW, service.getEnvelope().getTime());
    assertNull(service.getEnvelope().getCausationId());
    assertFalse(service.getEnvelope().getId().equals(commands.get(0).getEnvelope().getId()));
    assertTrue(service.getDocument().startsWith("apiVersion: networking.istio.io/v1\nkind: VirtualService\n"), service.getDocument());
    assertFalse(service.getDocument().contains("DestinationRule"));
    assertTrue(commands.get(0).getDocument().contains("kind: DestinationRule"));
    assertFalse(commands.get(0).getDocument().contains("---"));
    assertTrue(PolicyValidator.validate(service).isEmpty());
  }

  @Test
  void shouldParsePromotionFileWithZeroWeight() {
    List<PolicyCommand> commands = parsedFile("reviews-v2.yaml");

    VirtualServiceSpec spec = (VirtualServiceSpec) commands.get(0).getSpec();
    assertEquals(List.of(0, 100), spec.getHttp().get(0).getRoute().stream().map(WeightedDestination::getWeight).toList());
  }

  @Test
  void shouldReportMalformedYamlWithFileLineAndParserReason() {
    List<ValidationError> errors = refused("ok.yaml", """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
         spec: [unclosed
        """);

    assertEquals(1, errors.size(), errors::toString);
    ValidationError error = errors.get(0);
    assertEquals("ok.yaml", error.file());
    assertTrue(error.reason().startsWith("malformed YAML at line 5, column "), error.reason());
    assertTrue(error.reason().length() > "malformed YAML at line 5, column 2: ".length(), error.reason());
  }

  @Test
  void shouldCountMalformedYamlLinesFromTheStartOfTheFile() {
    ValidationError error = single(refused("two.yaml", DESTINATION_RULE + "---\nkind: VirtualService\n\tname: x\n"));

    int tabLine = (int) DESTINATION_RULE.lines().count() + 3;
    assertTrue(error.reason().startsWith("malformed YAML at line " + tabLine + ", column 1: "), error.reason());
    assertTrue(error.reason().contains("TAB"), error.reason());
  }

  @Test
  void shouldRefuseDuplicateKeys() {
    ValidationError error = single(refused("dup.yaml", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nkind: DestinationRule\n"));

    assertTrue(error.reason().startsWith("malformed YAML at line 3"), error.reason());
    assertTrue(error.reason().contains("kind"), error.reason());
  }

  @Test
  void shouldRefuseADocumentThatIsNotAMapping() {
    ValidationError error = single(refused("list.yaml", "- apiVersion: networking.istio.io/v1\n- kind: VirtualService\n"));

    assertEquals("", error.path());
    assertTrue(error.reason().startsWith("a policy document must be a mapping"), error.reason());
  }

  @Test
  void shouldRejectUnknownKind() {
    ValidationError error = single(refused("gw.yaml", """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: ingress}
        spec:
          selector: {istio: ingressgateway}
        """));

    assertEquals("kind", error.path());
    assertEquals("unknown kind Gateway; supported: VirtualService, DestinationRule, ServiceEntry, Sidecar, PeerAuthentication,"
        + " AuthorizationPolicy", error.reason());
  }

  @Test
  void shouldRejectUnsupportedApiVersion() {
    ValidationError error = single(refused("v.yaml", DESTINATION_RULE.replace("networking.istio.io/v1", "networking.istio.io/v2")));

    assertEquals("apiVersion", error.path());
    assertTrue(error.reason().contains("networking.istio.io/v1beta1"), error.reason());
  }

  @Test
  void shouldAcceptEveryIstioNetworkingVersion() {
    for (String version : List.of("v1", "v1beta1", "v1alpha3")) {
      parsed(DESTINATION_RULE.replace("networking.istio.io/v1", "networking.istio.io/" + version));
    }
  }

  @Test
  void shouldRejectNegativeWeight() {
    List<ValidationError> errors = refused("neg.yaml", ROUTE_HEADER + """
            - destination: {host: reviews, subset: v1}
              weight: 110
            - destination: {host: reviews, subset: v2}
              weight: -10
        """);

    assertEquals("must be >= 0 (was -10)", at(errors, "spec.http[0].route[1].weight").reason());
  }

  @Test
  void shouldRejectWeightsNotSummingTo100() {
    ValidationError error = single(refused("sum.yaml", ROUTE_HEADER + """
            - destination: {host: reviews, subset: v1}
              weight: 80
            - destination: {host: reviews, subset: v2}
              weight: 10
        """));

    assertEquals("spec.http[0].route", error.path());
    assertEquals("weights sum to 90; they must sum to 100", error.reason());
  }

  @Test
  void shouldRequireEveryWeightWhenSplittingTraffic() {
    ValidationError error = single(refused("w.yaml", ROUTE_HEADER + """
            - destination: {host: reviews, subset: v1}
              weight: 100
            - destination: {host: reviews, subset: v2}
        """));

    assertEquals("spec.http[0].route[1].weight", error.path());
    assertTrue(error.reason().startsWith("is required"), error.reason());
  }

  @Test
  void shouldGiveAllTrafficToASoleDestinationWithoutWeight() {
    PolicyCommand command = single(parsed(ROUTE_HEADER + "    - destination: {host: reviews, port: {number: 9080}}\n"));

    WeightedDestination destination = ((VirtualServiceSpec) command.getSpec()).getHttp().get(0).getRoute().get(0);
    assertEquals(100, destination.getWeight());
    assertEquals(9080, destination.getPort());
    assertNull(destination.getSubset());
  }

  @Test
  void shouldRejectPartialWeightOnASoleDestination() {
    ValidationError error = single(refused("sole.yaml", ROUTE_HEADER + "    - {destination: {host: reviews}, weight: 50}\n"));

    assertEquals("spec.http[0].route[0].weight", error.path());
  }

  @Test
  void shouldRequireDestinationHost() {
    ValidationError error = single(refused("nohost.yaml", ROUTE_HEADER + """
            - destination: {subset: v1}
              weight: 100
        """));

    assertEquals("spec.http[0].route[0].destination.host", error.path());
    assertEquals("is required", error.reason());
  }

  @Test
  void shouldNameUnsupportedFieldByItsPath() {
    ValidationError error = single(refused("cors.yaml", ROUTE_HEADER + """
            - destination: {host: reviews}
            corsPolicy: {allowOrigins: [{exact: "*"}]}
        """));

    assertEquals("cors.yaml", error.file());
    assertEquals("spec.http[0].corsPolicy", error.path());
    assertTrue(error.reason().startsWith(YamlFields.NOT_SUPPORTED), error.reason());
  }

  @Test
  void shouldAcceptTrafficPolicyTcpAndIgnoreStatus() {
    List<PolicyCommand> commands = parsed(DESTINATION_RULE + """
          trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
        status: {observedGeneration: 3}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ratings}
        spec:
          hosts: [ratings]
          tcp:
          - route:
            - destination: {host: ratings, port: {number: 9080}}
        """);

    assertEquals(2, commands.size());
  }

  @Test
  void shouldTellUnknownFieldsFromUnsupportedOnes() {
    List<ValidationError> errors = refused("typo.yaml", ROUTE_HEADER + """
            - destination: {host: reviews}
            retires: {attempts: 3}
            mirrors: []
        """);

    assertTrue(at(errors, "spec.http[0].retires").reason().startsWith(YamlFields.UNKNOWN), errors::toString);
    assertTrue(at(errors, "spec.http[0].mirrors").reason().startsWith(YamlFields.NOT_SUPPORTED), errors::toString);
  }

  @Test
  void shouldResolveShortHostNamesInTheResourceNamespace() {
    PolicyCommand command = single(parsed("""
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews, httpbin.org, productpage.shop.svc.cluster.local]
          http:
          - route:
            - {destination: {host: reviews}, weight: 50}
            - {destination: {host: ratings.other.svc.cluster.local}, weight: 50}
        """));

    VirtualServiceSpec spec = (VirtualServiceSpec) command.getSpec();
    assertEquals(List.of("reviews.shop.svc.cluster.local", "httpbin.org", "productpage.shop.svc.cluster.local"),
        spec.getHosts(), "like Istio, only a name without a dot is completed");
    assertEquals(List.of("reviews.shop.svc.cluster.local", "ratings.other.svc.cluster.local"),
        spec.getHttp().get(0).getRoute().stream().map(WeightedDestination::getHost).toList());
  }

  @Test
  void shouldRefuseAPartialClusterNameThatIstioWouldNotComplete() {
    ParseResult result = PolicyDocuments.parse("vs.yaml", """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [details.shop.svc]
          http:
          - route:
            - destination: {host: details.shop.svc}
        """, WHO, CLOCK);
    ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, result);
    assertTrue(refused.errors().stream().anyMatch(e -> e.path().equals("spec.hosts[0]")
        && e.reason().contains("is not a mesh service host")), refused.errors().toString());
  }

  @Test
  void shouldRefuseWildcardAndForeignHosts() {
    List<ValidationError> errors = refused("wild.yaml", """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: everything}
        spec:
          hosts: ["*", bad_host.example.com]
          http:
          - route:
            - {destination: {host: "*.default.svc.cluster.local"}}
        """);

    assertTrue(at(errors, "spec.hosts[0]").reason().startsWith("wildcard host '*' is not supported"), errors::toString);
    assertTrue(at(errors, "spec.hosts[1]").reason().contains("'bad_host.example.com' is not a mesh service host"), errors::toString);
    assertTrue(at(errors, "spec.http[0].route[0].destination.host").reason().startsWith("wildcard"), errors::toString);
  }

  @Test
  void shouldRefuseGatewaysOtherThanMesh() {
    List<ValidationError> errors = refused("gw.yaml", """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          gateways: [mesh, ingress]
          http:
          - route:
            - destination: {host: reviews}
        """);

    assertEquals("spec.gateways[1]", single(errors).path());
  }

  @Test
  void shouldDefaultMissingNamespaceToDefault() {
    PolicyCommand command = single(parsed(DESTINATION_RULE.replace("  namespace: default\n", "")));

    assertEquals("default", command.getNamespace());
    assertEquals("DestinationRule/default/reviews", command.getEnvelope().getSubject());
    assertEquals("reviews.default.svc.cluster.local", ((DestinationRuleSpec) command.getSpec()).getHost());
  }

  @Test
  void shouldRequireValidName() {
    List<ValidationError> errors = refused("names.yaml", """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {namespace: Default}
        spec: {host: reviews}
        """);

    assertEquals("is required", at(errors, "metadata.name").reason());
    assertTrue(at(errors, "metadata.namespace").reason().contains("DNS-1123"), errors::toString);
  }

  @Test
  void shouldRefuseDuplicateSubsetNames() {
    ValidationError error = single(refused("subsets.yaml", DESTINATION_RULE.replace("name: v2", "name: v1")));

    assertEquals("spec.subsets[1].name", error.path());
    assertTrue(error.reason().startsWith("duplicate subset name v1"), error.reason());
  }

  @Test
  void shouldRefuseTheSameResourceTwiceInOneFile() {
    ValidationError error = single(refused("twice.yaml", DESTINATION_RULE + "---\n" + DESTINATION_RULE));

    assertEquals("metadata.name", error.path());
    assertTrue(error.reason().contains("line 1"), error.reason());
  }

  @Test
  void shouldReportErrorsOfEveryDocumentEachNamingTheFile() {
    List<ValidationError> errors = refused("many.yaml", """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: a}
        spec:
          hosts: [a]
          http:
          - route:
            - {destination: {host: a, subset: v1}, weight: -1}
            - {destination: {host: a, subset: v2}, weight: 101}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: b}
        ---
        """ + DESTINATION_RULE + """
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: c}
        spec: {subsets: [{name: v1}]}
        """);

    assertEquals(List.of("spec.http[0].route[0].weight", "spec.http[0].route[1].weight", "kind", "spec.host"),
        errors.stream().map(ValidationError::path).toList());
    errors.forEach(e -> assertEquals("many.yaml", e.file()));
  }

  @Test
  void shouldSkipEmptyDocuments() {
    List<PolicyCommand> commands = parsed("---\n# nothing here\n---\n" + DESTINATION_RULE + "---\n---\n");

    assertEquals(1, commands.size());
  }

  @Test
  void shouldRefuseAFileWithoutDocuments() {
    assertEquals("contains no policy documents", single(refused("empty.yaml", "# only a comment\n")).reason());
  }

  @Test
  void shouldRefuseAnUnreadableFile(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");

    ParseResult result = PolicyDocuments.parseFile(missing, WHO, CLOCK);

    ValidationError error = single(assertInstanceOf(ParseResult.Refused.class, result).errors());
    assertEquals(missing.toString(), error.file());
    assertEquals("", error.path());
    assertEquals("cannot read the file: no such file", error.reason());
  }

  static final String DESTINATION_RULE = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata:
        name: reviews
        namespace: default
      spec:
        host: reviews
        subsets:
        - name: v1
          labels: {version: v1}
        - name: v2
          labels: {version: v2}
      """;

  private static List<PolicyCommand> parsedFile(String name) {
    try {
      Path path = Path.of(PolicyDocumentsTest.class.getResource("/policies/" + name).toURI());
      return assertInstanceOf(ParseResult.Parsed.class, PolicyDocuments.parseFile(path, WHO, CLOCK)).commands();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<PolicyCommand> parsed(String yaml) {
    ParseResult result = PolicyDocuments.parse("test.yaml", yaml, WHO, CLOCK);
    if (result instanceof ParseResult.Refused refused) {
      fail("refused: " + refused.errors());
    }
    return ((ParseResult.Parsed) result).commands();
  }

  private static List<ValidationError> refused(String file, String yaml) {
    ParseResult result = PolicyDocuments.parse(file, yaml, WHO, CLOCK);
    return assertInstanceOf(ParseResult.Refused.class, result, () -> "expected a refusal of " + yaml).errors();
  }

  private static <T> T single(List<T> items) {
    assertEquals(1, items.size(), items::toString);
    return items.get(0);
  }

  static ValidationError at(List<ValidationError> errors, String path) {
    return errors.stream().filter(e -> e.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no error at " + path + " in " + errors));
  }
}
