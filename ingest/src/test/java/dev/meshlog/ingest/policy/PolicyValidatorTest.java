package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.PolicyDocumentsTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.ingest.policy.model.PolicyResource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

  private static final Attribution WHO = new Attribution("api:bob", "", Source.API);
  private static final String REVIEWS = "reviews.default.svc.cluster.local";

  @Test
  void shouldAcceptValidVirtualServiceAndDestinationRule() {
    assertEquals(List.of(), PolicyValidator.validate(canary()));
    assertEquals(List.of(), PolicyValidator.validate(subsets()));
  }

  @Test
  void shouldNameTheSubjectAsOrigin() {
    PolicyCommand command = canary();
    route(command).get(1).setWeight(-10);

    List<ValidationError> errors = PolicyValidator.validate(command);

    errors.forEach(e -> assertEquals("VirtualService/default/reviews", e.file()));
  }

  @Test
  void shouldRejectNegativeWeight() {
    PolicyCommand command = canary();
    route(command).get(0).setWeight(110);
    route(command).get(1).setWeight(-10);

    assertEquals("must be >= 0 (was -10)", at(PolicyValidator.validate(command), "spec.http[0].route[1].weight").reason());
  }

  @Test
  void shouldRejectWeightsNotSummingTo100() {
    PolicyCommand command = canary();
    route(command).get(1).setWeight(20);

    ValidationError error = single(PolicyValidator.validate(command));
    assertEquals("spec.http[0].route", error.path());
    assertEquals("weights sum to 110; they must sum to 100", error.reason());
  }

  @Test
  void shouldRequireQualifiedHosts() {
    PolicyCommand command = canary();
    ((VirtualServiceSpec) command.getSpec()).setHosts(List.of("reviews"));
    route(command).get(0).setHost("");

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertTrue(at(errors, "spec.hosts[0]").reason().contains("'reviews' is not a mesh service host"), errors::toString);
    assertEquals("is required", at(errors, "spec.http[0].route[0].destination.host").reason());
  }

  @Test
  void shouldRequireHostsAndRoutes() {
    PolicyCommand command = canary();
    ((VirtualServiceSpec) command.getSpec()).setHosts(List.of());
    ((VirtualServiceSpec) command.getSpec()).getHttp().get(0).setRoute(List.of());

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertEquals(List.of("spec.hosts", "spec.http[0].route"), errors.stream().map(ValidationError::path).toList());
  }

  @Test
  void shouldRejectDuplicateSubsetNames() {
    PolicyCommand command = subsets();
    ((DestinationRuleSpec) command.getSpec()).getSubsets().get(1).setName("v1");

    ValidationError error = single(PolicyValidator.validate(command));
    assertEquals("spec.subsets[1].name", error.path());
  }

  @Test
  void shouldRejectUnknownKind() {
    PolicyCommand command = subsets();
    command.setKind("Gateway");
    command.getEnvelope().setSubject("Gateway/default/reviews");

    ValidationError error = single(PolicyValidator.validate(command));
    assertEquals("kind", error.path());
    assertEquals("Gateway/default/reviews", error.file());
  }

  @Test
  void shouldRejectSpecOfAnotherKind() {
    PolicyCommand command = canary();
    command.setSpec(subsets().getSpec());

    assertEquals("spec", single(PolicyValidator.validate(command)).path());
  }

  @Test
  void shouldRequireSpecOnUpsert() {
    PolicyCommand command = canary();
    command.setSpec(null);

    assertEquals("is required", single(PolicyValidator.validate(command)).reason());
  }

  @Test
  void shouldAcceptDeleteWithoutSpecAndRejectOneWithSpec() {
    PolicyCommand delete = PolicyCommands.delete("VirtualService", "default", "reviews", WHO, Clock.systemUTC());
    assertEquals(Operation.DELETE, delete.getOperation());
    assertEquals("PolicyDeleteRequested", delete.getEnvelope().getType());
    assertEquals(List.of(), PolicyValidator.validate(delete));

    delete.setSpec(canary().getSpec());
    assertEquals("spec", single(PolicyValidator.validate(delete)).path());
  }

  @Test
  void shouldRejectEnvelopeThatDoesNotMatchTheCommand() {
    PolicyCommand command = canary();
    command.getEnvelope().setSubject("VirtualService/default/ratings");
    command.getEnvelope().setType("PolicyDeleteRequested");
    command.getEnvelope().setActor(" ");

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertEquals(List.of("envelope.actor", "envelope.subject", "envelope.type"), errors.stream().map(ValidationError::path).toList());
    errors.forEach(e -> assertEquals("VirtualService/default/ratings", e.file()));
  }

  @Test
  void shouldRejectInvalidNamesWithoutThrowingOnNulls() {
    PolicyCommand command = subsets();
    command.setName(null);
    command.setNamespace("Bad_NS");
    command.setOperation(null);

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertEquals(List.of("envelope.subject", "operation"), errors.stream().map(ValidationError::path).toList());

    command.setOperation(Operation.UPSERT);
    command.getEnvelope().setSubject("DestinationRule/Bad_NS/");
    List<ValidationError> upsertErrors = PolicyValidator.validate(command);
    assertEquals(List.of("metadata.name", "metadata.namespace"), upsertErrors.stream().map(ValidationError::path).toList());
  }

  static PolicyCommand canary() {
    VirtualServiceSpec spec = VirtualServiceSpec.newBuilder()
        .setHosts(List.of(REVIEWS))
        .setHttp(List.of(HttpRouteSpec.newBuilder().setName("canary").setRoute(List.of(
            WeightedDestination.newBuilder().setHost(REVIEWS).setSubset("v1").setWeight(90).build(),
            WeightedDestination.newBuilder().setHost(REVIEWS).setSubset("v2").setPort(9080).setWeight(10).build())).build()))
        .build();
    return command("VirtualService", spec);
  }

  static PolicyCommand subsets() {
    DestinationRuleSpec spec = DestinationRuleSpec.newBuilder()
        .setHost(REVIEWS)
        .setSubsets(List.of(SubsetSpec.newBuilder().setName("v1").setLabels(Map.of("version", "v1")).build(),
            SubsetSpec.newBuilder().setName("v2").setLabels(Map.of("version", "v2", "app", "reviews")).build()))
        .build();
    return command("DestinationRule", spec);
  }

  static PolicyCommand command(String kind, SpecificRecord spec) {
    String apiVersion = kind.endsWith("Policy") || kind.equals("PeerAuthentication") ? "security.istio.io/v1" : "networking.istio.io/v1";
    PolicyResource resource = new PolicyResource(apiVersion, kind, "default", "reviews", Optional.of(spec));
    return PolicyCommands.upsert(resource, null, WHO, Clock.systemUTC());
  }

  private static List<WeightedDestination> route(PolicyCommand command) {
    return ((VirtualServiceSpec) command.getSpec()).getHttp().get(0).getRoute();
  }

  private static <T> T single(List<T> items) {
    assertEquals(1, items.size(), items::toString);
    return items.get(0);
  }
}
