package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Documents.at;
import static dev.meshlog.ingest.policy.Documents.fixture;
import static dev.meshlog.ingest.policy.Documents.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AuthorizationPolicySpec;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.MatchKind;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.PeerAuthenticationSpec;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.SidecarSpec;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.schemas.AvroSerde;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed path: commands from any producer are judged by the same rules as documents. */
class PolicyValidatorKindsTest {

  @Test
  void shouldAcceptEveryKindAfterAnAvroRoundTrip() {
    String all = String.join("---\n", fixture("virtualservice-full.yaml"), fixture("destinationrule-full.yaml"),
        fixture("serviceentry-dns.yaml"), fixture("serviceentry-static.yaml"), fixture("peerauthentication.yaml"),
        fixture("authorizationpolicy.yaml"), fixture("sidecar.yaml"));
    AvroSerde<PolicyCommand> serde = new AvroSerde<>(PolicyCommand.class);
    for (PolicyCommand command : parsed(all)) {
      PolicyCommand decoded = serde.decode(serde.encode(command));

      assertEquals(command, decoded);
      assertEquals(List.of(), PolicyValidator.validate(decoded), command.getEnvelope()::getSubject);
    }
  }

  @Test
  void shouldApplyVirtualServiceRulesToTypedCommands() {
    PolicyCommand command = first("virtualservice-full.yaml");
    VirtualServiceSpec spec = (VirtualServiceSpec) command.getSpec();
    spec.getHttp().get(0).getMatch().get(0).setUri(new StringMatch(MatchKind.REGEX, "[unclosed"));
    spec.getHttp().get(0).setTimeoutMs(-5L);
    spec.setGateways(List.of("ingress"));

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertTrue(at(errors, "spec.http[0].match[0].uri.regex").reason().contains("not a valid RE2 regex"), errors::toString);
    assertTrue(at(errors, "spec.http[0].timeout").reason().contains(">= 0"), errors::toString);
    assertTrue(at(errors, "spec.gateways[0]").reason().contains("'ingress'"), errors::toString);
    errors.forEach(e -> assertEquals("VirtualService/shop/reviews", e.file()));
  }

  @Test
  void shouldApplyDestinationRuleRulesToTypedCommands() {
    PolicyCommand command = first("destinationrule-full.yaml");
    DestinationRuleSpec spec = (DestinationRuleSpec) command.getSpec();
    spec.getSubsets().get(1).getTrafficPolicy().getLoadBalancer().getConsistentHash().setUseSourceIp(true);
    spec.getTrafficPolicy().getOutlierDetection().setMaxEjectionPercent(101);

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertEquals(List.of("spec.subsets[1].trafficPolicy.loadBalancer.consistentHash",
        "spec.trafficPolicy.outlierDetection.maxEjectionPercent"), errors.stream().map(ValidationError::path).toList());
  }

  @Test
  void shouldApplyServiceEntryRulesToTypedCommands() {
    PolicyCommand command = first("serviceentry-static.yaml");
    ((ServiceEntrySpec) command.getSpec()).setEndpoints(List.of());

    assertEquals("spec.endpoints", Documents.single(PolicyValidator.validate(command)).path());
  }

  @Test
  void shouldApplySecurityAndSidecarRulesToTypedCommands() {
    List<PolicyCommand> peer = parsed(fixture("peerauthentication.yaml"));
    ((PeerAuthenticationSpec) peer.get(0).getSpec()).setPortLevelMtls(Map.of("8080", MtlsMode.DISABLE));
    assertEquals("spec.portLevelMtls", Documents.single(PolicyValidator.validate(peer.get(0))).path());

    PolicyCommand authz = first("authorizationpolicy.yaml");
    ((AuthorizationPolicySpec) authz.getSpec()).getRules().get(0).setWhen(List.of(new AuthzCondition("request.time", List.of("x"),
        List.of())));
    assertEquals("spec.rules[0].when[0].key", Documents.single(PolicyValidator.validate(authz)).path());

    PolicyCommand sidecar = first("sidecar.yaml");
    ((SidecarSpec) sidecar.getSpec()).getEgress().get(0).setHosts(List.of("ratings"));
    assertEquals("spec.egress[0].hosts[0]", Documents.single(PolicyValidator.validate(sidecar)).path());
  }

  @Test
  void shouldReportNullsInHandBuiltRecordsInsteadOfThrowing() {
    PolicyCommand command = first("virtualservice-full.yaml");
    VirtualServiceSpec spec = (VirtualServiceSpec) command.getSpec();
    spec.setHosts(null);
    spec.getHttp().get(0).setRoute(null);
    spec.getHttp().get(0).getMatch().get(0).setHeaders(null);
    spec.getTcp().get(0).setRoute(Collections.singletonList(null));

    List<ValidationError> errors = PolicyValidator.validate(command);

    assertFalse(errors.isEmpty());
    assertTrue(errors.stream().noneMatch(e -> e.reason().startsWith("malformed record")), errors::toString);
    assertEquals("at least one host is required", at(errors, "spec.hosts").reason());
  }

  @Test
  void shouldRejectASpecOfAnotherKind() {
    PolicyCommand command = first("sidecar.yaml");
    command.setSpec(first("serviceentry-static.yaml").getSpec());

    assertEquals("is a ServiceEntry spec but kind is Sidecar", Documents.single(PolicyValidator.validate(command)).reason());
  }

  private static PolicyCommand first(String fixture) {
    return parsed(fixture(fixture)).get(0);
  }
}
