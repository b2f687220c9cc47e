package dev.meshlog.proxy.mtls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundMtlsPolicyTest {

  @Test
  void shouldBePermissiveWhenNothingIsSet() {
    assertEquals(MtlsMode.PERMISSIVE, InboundMtlsPolicy.DEFAULT.modeFor(8080));
  }

  @Test
  void shouldLetAPortLevelModeOverrideTheWorkloadMode() {
    InboundMtlsPolicy policy = new InboundMtlsPolicy(MtlsMode.STRICT, Map.of(8080, MtlsMode.DISABLE, 9090, MtlsMode.UNSET));
    assertEquals(MtlsMode.DISABLE, policy.modeFor(8080));
    assertEquals(MtlsMode.STRICT, policy.modeFor(9090), "an UNSET port inherits");
    assertEquals(MtlsMode.STRICT, policy.modeFor(7070));
  }

  @Test
  void shouldDecideAutoMtlsOnIdentityAndCertificate() {
    assertEquals(new UpstreamSecurity.MutualTls("spiffe://td/ns/a/sa/b"),
        UpstreamSecurity.decide(UpstreamTlsMode.AUTO, "spiffe://td/ns/a/sa/b", true));
    assertEquals(UpstreamSecurity.PLAINTEXT, UpstreamSecurity.decide(UpstreamTlsMode.AUTO, "spiffe://td/ns/a/sa/b", false));
    assertEquals(UpstreamSecurity.PLAINTEXT, UpstreamSecurity.decide(UpstreamTlsMode.AUTO, "", true));
    assertEquals(UpstreamSecurity.PLAINTEXT, UpstreamSecurity.decide(UpstreamTlsMode.DISABLE, "spiffe://td/ns/a/sa/b", true));
    assertEquals(new UpstreamSecurity.MutualTls(""), UpstreamSecurity.decide(UpstreamTlsMode.ISTIO_MUTUAL, "", false));
  }
}
