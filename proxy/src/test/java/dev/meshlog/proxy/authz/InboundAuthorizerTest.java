package dev.meshlog.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.authz.AuthzPolicy.Action;
import dev.meshlog.proxy.mtls.ConnectionSecurity;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The inbound RBAC filter against connections whose mTLS state is set by hand, as the handshake sets it. */
class InboundAuthorizerTest {

  private static final String SLEEP = "spiffe://cluster.local/ns/default/sa/sleep";
  /** The workload's app port; the sidecar's inbound listener port is another one. */
  private static final int APP_PORT = 9080;

  private final AtomicReference<InboundAuthorization> live = new AtomicReference<>(InboundAuthorization.NONE);
  private final AtomicLong clock = new AtomicLong(1_000);
  private final RbacStats stats = new RbacStats();
  private final InboundAuthorizer authorizer = new InboundAuthorizer("reviews-1", APP_PORT, live::get, stats, clock::get);

  private static HttpRequest get(String uri) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    request.headers().set("host", "reviews.default.svc.cluster.local");
    return request;
  }

  private static EmbeddedChannel connection(ConnectionSecurity security) {
    EmbeddedChannel channel = new EmbeddedChannel();
    security.attachTo(channel);
    return channel;
  }

  private static AuthzPolicy onlySleep() {
    return new AuthzPolicy("AuthorizationPolicy/default/only-sleep", Action.ALLOW, List.of(new AuthzRule(
        List.of(SourceMatch.of(List.of("cluster.local/ns/default/sa/sleep"), List.of(), List.of(), List.of(), List.of(),
            List.of())), List.of(), List.of())));
  }

  private static AuthzPolicy denyAdmin() {
    return new AuthzPolicy("AuthorizationPolicy/default/no-admin", Action.DENY, List.of(new AuthzRule(List.of(),
        List.of(OperationMatch.of(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of("/admin*"),
            List.of())), List.of())));
  }

  @Test
  void shouldAllowTheMutualTlsPeerThePolicyNamesAndDenyPlaintextAndOthers() {
    live.set(new InboundAuthorization(List.of(onlySleep())));
    assertTrue(authorizer.check(get("/"), connection(ConnectionSecurity.mutualTls(SLEEP))).allowed());
    assertFalse(authorizer.check(get("/"), connection(ConnectionSecurity.PLAINTEXT)).allowed());
    assertFalse(authorizer.check(get("/"),
        connection(ConnectionSecurity.mutualTls("spiffe://cluster.local/ns/default/sa/other"))).allowed());
    assertEquals(1, stats.allowed());
    assertEquals(2, stats.denied());
  }

  @Test
  void shouldReadThePrincipalOfAnH2StreamFromItsConnection() {
    live.set(new InboundAuthorization(List.of(onlySleep())));
    EmbeddedChannel connection = connection(ConnectionSecurity.mutualTls(SLEEP));
    EmbeddedChannel stream = new EmbeddedChannel(connection, io.netty.channel.DefaultChannelId.newInstance(), true, false);
    assertTrue(authorizer.check(get("/"), stream).allowed());
  }

  @Test
  void shouldApplyASwappedPolicyToTheNextRequest() {
    EmbeddedChannel plaintext = connection(ConnectionSecurity.PLAINTEXT);
    assertTrue(authorizer.check(get("/admin"), plaintext).allowed());
    assertEquals(0, stats.allowed(), "nothing is counted while no policy selects the workload");
    live.set(new InboundAuthorization(List.of(denyAdmin())));
    assertFalse(authorizer.check(get("/admin"), plaintext).allowed());
    assertTrue(authorizer.check(get("/items"), plaintext).allowed());
    live.set(InboundAuthorization.NONE);
    assertTrue(authorizer.check(get("/admin"), plaintext).allowed());
    assertEquals(Map.of("AuthorizationPolicy/default/no-admin", 1L), stats.deniedByPolicy());
  }

  @Test
  void shouldCountAuditMatchesAsShadowDenialsWithoutDenying() {
    live.set(new InboundAuthorization(List.of(new AuthzPolicy("AuthorizationPolicy/default/audit-all", Action.AUDIT,
        List.of(AuthzRule.ANY)))));
    assertTrue(authorizer.check(get("/"), connection(ConnectionSecurity.PLAINTEXT)).allowed());
    assertEquals(1, stats.shadowDenied());
    assertEquals(1, stats.allowed());
    assertEquals(Map.of("AuthorizationPolicy/default/audit-all", 1L), stats.auditedByPolicy());
  }

  @Test
  void shouldLogAtMostOneDenialPerSecond() {
    DenialLog lines = new DenialLog("reviews-1", 1_000, clock::get);
    Decision denied = new Decision(false, "AuthorizationPolicy/default/no-admin", "");
    RequestAttributes request = Requests.request().uri("/admin").build();
    assertTrue(lines.denied(denied, request));
    for (int i = 0; i < 100; i++) {
      assertFalse(lines.denied(denied, request));
    }
    clock.addAndGet(1_000);
    assertTrue(lines.denied(denied, request));
    assertTrue(lines.audited(new Decision(true, "", "AuthorizationPolicy/default/audit"), request), "audits have their own");
  }

  @Test
  void shouldMatchTheNormalizedPathAndForwardThatPath() {
    live.set(new InboundAuthorization(List.of(denyAdmin())));
    HttpRequest sneaky = get("/public/../admin/users?x=1");
    assertFalse(authorizer.check(sneaky, connection(ConnectionSecurity.PLAINTEXT)).allowed());
    HttpRequest encoded = get("/%61dmin");
    assertFalse(authorizer.check(encoded, connection(ConnectionSecurity.PLAINTEXT)).allowed());
    HttpRequest fine = get("/public/./items");
    assertTrue(authorizer.check(fine, connection(ConnectionSecurity.PLAINTEXT)).allowed());
    assertEquals("/public/items", fine.uri(), "the app gets the path the policy saw");
  }

  @Test
  void shouldMatchPortsAndDestinationPortAgainstTheAppPortNotTheListenerPort() {
    AuthzPolicy onlyAppPort = new AuthzPolicy("AuthorizationPolicy/default/app-port", Action.ALLOW, List.of(new AuthzRule(
        List.of(), List.of(OperationMatch.of(List.of(), List.of(), List.of("9080"), List.of(), List.of(), List.of(),
            List.of(), List.of())), List.of(Condition.of("destination.port", List.of("9080"), List.of())))));
    live.set(new InboundAuthorization(List.of(onlyAppPort)));
    EmbeddedChannel onListenerPort = new EmbeddedChannel() {
      @Override
      protected java.net.SocketAddress localAddress0() {
        return new java.net.InetSocketAddress("127.0.0.1", 15006); // the sidecar's inbound listener, as Istio's
      }
    };
    assertTrue(authorizer.check(get("/"), onListenerPort).allowed(), "the app port matched, not the listener's");
    InboundAuthorizer otherApp = new InboundAuthorizer("reviews-2", 8080, live::get, stats, clock::get);
    assertFalse(otherApp.check(get("/"), connection(ConnectionSecurity.PLAINTEXT)).allowed());
  }
}
