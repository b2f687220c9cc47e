package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyKindsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "VirtualService, VirtualService", "virtualservice, VirtualService", "VIRTUALSERVICES, VirtualService", "vs, VirtualService",
      "virtualservices.networking.istio.io, VirtualService",
      "destinationrule, DestinationRule", "destinationrules, DestinationRule", "DR, DestinationRule",
      "serviceentry, ServiceEntry", "serviceentries, ServiceEntry", "se, ServiceEntry",
      "peerauthentication, PeerAuthentication", "peerauthentications, PeerAuthentication", "pa, PeerAuthentication",
      "authorizationpolicy, AuthorizationPolicy", "authorizationpolicies, AuthorizationPolicy", "ap, AuthorizationPolicy",
      "authorizationpolicies.security.istio.io, AuthorizationPolicy",
      "sidecar, Sidecar", "Sidecars, Sidecar"})
  void shouldResolveIstioNamesInAnyCasePluralAndShortForm(String typed, String kind) {
    assertEquals(Optional.of(kind), PolicyKinds.resolve(typed));
  }

  @Test
  void shouldExpandAllToEveryKind() {
    assertEquals(PolicyKinds.ALL, PolicyKinds.resolveMany("ALL"));
    assertEquals(List.of("Sidecar"), PolicyKinds.resolveMany("sidecar"));
  }

  @Test
  void shouldRefuseAnUnknownKindListingTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyKinds.resolveMany("gateway"));
    assertTrue(e.getMessage().contains("unknown kind 'gateway'"), e.getMessage());
    assertTrue(e.getMessage().contains("VirtualService"), e.getMessage());
    assertEquals(Optional.empty(), PolicyKinds.resolve("virtualservices.example.com"));
  }

  @Test
  void shouldParseAResourceReferenceWithAnAliasKind() {
    assertEquals(new ResourceRef("VirtualService", "default", "reviews"), ResourceRef.parse("vs/default/reviews"));
    assertEquals("DestinationRule/prod/db", ResourceRef.parse("dr/prod/db").subject());
  }

  @ParameterizedTest
  @CsvSource({"vs/reviews", "vs//reviews", "vs/default/reviews/x", "reviews"})
  void shouldRefuseAReferenceThatIsNotKindNamespaceName(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceRef.parse(text));
    assertTrue(e.getMessage().contains("KIND/NAMESPACE/NAME"), e.getMessage());
  }
}
