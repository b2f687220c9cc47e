package dev.meshlog.proxy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.AuthorizationConfig;
import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzCondition;
import dev.meshlog.avro.AuthzOperation;
import dev.meshlog.avro.AuthzRule;
import dev.meshlog.avro.InboundPolicy;
import dev.meshlog.avro.MtlsMode;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.AvroSerde;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Inbound AuthorizationPolicy over real sockets: a server sidecar in front of a real app, its
 * policies arriving in snapshots on the real broker. Principal-based rules need mTLS and are
 * covered by InboundAuthorizerTest with the connection's security set by hand.
 */
@ExtendWith(KafkaBroker.class)
class AuthorizationIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("authz");

  private static final String DENY_ADMIN = "AuthorizationPolicy/default/deny-admin";

  private static Sidecar serverFor(int appPort) {
    return Sidecar.start(new SidecarConfig(KafkaBroker.uniqueName("reviews"), "reviews", WireSnapshots.NS,
        Map.of("version", "v1"), "127.0.0.1", SidecarConfig.ANY_PORT, appPort, 0, feed.bootstrap(), feed.topics()));
  }

  private static AuthorizationConfig policy(String name, AuthzAction action, List<AuthzRule> rules) {
    return new AuthorizationConfig(name, action, rules);
  }

  private static AuthzRule toPaths(String... paths) {
    return AuthzRule.newBuilder().setTo(List.of(AuthzOperation.newBuilder().setPaths(List.of(paths)).build())).build();
  }

  /** Publishes the server's snapshot carrying {@code policies} and waits until it is applied. */
  private static void apply(Sidecar server, long version, List<AuthorizationConfig> policies) throws Exception {
    feed.publish(server.proxyId(), withInbound(server.proxyId(), version, policies));
    await().atMost(Duration.ofSeconds(60)).until(() -> server.appliedVersion() == version);
  }

  private static ProxySnapshot withInbound(String proxyId, long version, List<AuthorizationConfig> policies)
      throws Exception {
    ProxySnapshot routes = WireSnapshots.snapshotWithRules(proxyId, 0, List.of(), List.of());
    ProxySnapshot content = ProxySnapshot.newBuilder(routes).setVersion(0).setHash("")
        .setInbound(new InboundPolicy(MtlsMode.PERMISSIVE, Map.of(), policies, List.of())).build();
    byte[] bytes = new AvroSerde<>(ProxySnapshot.class).encode(content);
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    return ProxySnapshot.newBuilder(content).setVersion(version).setHash(hash).build();
  }

  @Test
  void shouldForwardAllowedRequestsAndAnswerDeniedOnes403RbacWithoutTheApp() throws Exception {
    try (BackendApp app = BackendApp.start("app");
        Sidecar server = serverFor(app.port());
        RawHttpClient raw = new RawHttpClient(server.inboundPort())) {
      apply(server, 1, List.of(policy(DENY_ADMIN, AuthzAction.DENY, List.of(toPaths("/admin*"))),
          policy("AuthorizationPolicy/default/allow-api", AuthzAction.ALLOW, List.of(toPaths("/api/*", "/admin/*")))));

      RawHttpClient.Response allowed = raw.get("reviews", "/api/items?page=2");
      assertEquals(200, allowed.status());
      assertEquals("app", allowed.body());
      RawHttpClient.Response denied = raw.get("reviews", "/admin/users");
      assertEquals(403, denied.status());
      assertEquals("RBAC", denied.headers().get("x-meshlog-response-flags"));
      assertEquals("RBAC: access denied", denied.body().strip());
      RawHttpClient.Response unlisted = raw.get("reviews", "/other");
      assertEquals(403, unlisted.status(), "ALLOW policies exist and none matched");
      assertEquals(200, raw.get("reviews", "/api/again").status(), "the connection serves on after a denial");
      assertEquals(403, raw.get("reviews", "/api/../admin/users").status(), "matched on the normalized path");
      assertEquals(200, raw.get("reviews", "/api/./v2/../items").status());
      assertTrue(app.lastUri().endsWith("/api/items"), "and forwarded with that path: " + app.lastUri());
      assertEquals(3, app.requests(), "the app saw only the allowed requests");

      String stats = AdminPages.get(server, "/stats");
      assertTrue(stats.contains("meshlog_proxy_rbac_allowed_total 3"), stats);
      assertTrue(stats.contains("meshlog_proxy_rbac_denied_total 3"), stats);
      assertTrue(stats.contains("meshlog_proxy_rbac_policy_denied_total{policy=\"" + DENY_ADMIN + "\"} 2"), stats);
    }
  }

  @Test
  void shouldApplyAPolicySwapToTheNextRequestAndRefuseAnUnenforceableCondition() throws Exception {
    try (BackendApp app = BackendApp.start("app");
        Sidecar server = serverFor(app.port());
        RawHttpClient raw = new RawHttpClient(server.inboundPort())) {
      apply(server, 1, List.of());
      assertEquals(200, raw.get("reviews", "/admin").status());

      apply(server, 2, List.of(policy(DENY_ADMIN, AuthzAction.DENY, List.of(toPaths("/admin")))));
      assertEquals(403, raw.get("reviews", "/admin").status(), "same connection, next request");
      assertEquals(200, raw.get("reviews", "/items").status());

      apply(server, 3, List.of(policy("AuthorizationPolicy/default/allow-nothing", AuthzAction.ALLOW, List.of())));
      assertEquals(403, raw.get("reviews", "/items").status(), "an ALLOW policy without rules denies everything");

      AuthzRule jwt = AuthzRule.newBuilder()
          .setWhen(List.of(new AuthzCondition("request.auth.claims[groups]", List.of("admins"), List.of()))).build();
      feed.publish(server.proxyId(), withInbound(server.proxyId(), 4,
          List.of(policy("AuthorizationPolicy/default/jwt-admins", AuthzAction.ALLOW, List.of(jwt)))));
      await().atMost(Duration.ofSeconds(60))
          .until(() -> AdminPages.get(server, "/stats").contains("meshlog_proxy_snapshots_rejected_total 1"));
      assertEquals(3, server.appliedVersion(), "NACKed: the last good policies stay");
      assertEquals(403, raw.get("reviews", "/items").status());
      assertEquals(2, app.requests(), "/admin before the DENY and /items between the swaps");
    }
  }

  @Test
  void shouldDenyAnH2StreamAndForwardTheNextOneOnTheSameConnection() throws Exception {
    AuthzRule testers = AuthzRule.newBuilder()
        .setWhen(List.of(new AuthzCondition("request.headers[x-user]", List.of("tester"), List.of()))).build();
    try (H2Backend app = H2Backend.start("app");
        Sidecar server = serverFor(app.port())) {
      apply(server, 1, List.of(policy("AuthorizationPolicy/default/testers", AuthzAction.ALLOW, List.of(testers)),
          policy("AuthorizationPolicy/default/audit-all", AuthzAction.AUDIT,
              List.of(AuthzRule.newBuilder().build()))));
      try (H2TestClient h2 = H2TestClient.h2c(server.inboundPort())) {
        H2TestClient.Response denied = h2.fetch(H2TestClient.get("reviews", "/x"));
        assertEquals(403, denied.status());
        assertEquals("RBAC", denied.header("x-meshlog-response-flags"));
        assertEquals("RBAC: access denied", denied.text().strip());
        H2TestClient.Response allowed = h2.fetch(H2TestClient.get("reviews", "/x").set("x-user", "tester"));
        assertEquals(200, allowed.status());
        assertEquals("app|/x|", allowed.text());
      }
      assertEquals(1, app.protocols().size(), "the app saw only the allowed stream");
      String stats = AdminPages.get(server, "/stats");
      assertTrue(stats.contains("meshlog_proxy_rbac_shadow_denied_total 2"), stats);
    }
  }

  @Test
  void shouldMatchPortsAndDestinationPortOnTheAppPortNotTheInboundListenerPort() throws Exception {
    try (BackendApp app = BackendApp.start("app");
        Sidecar server = serverFor(app.port());
        RawHttpClient raw = new RawHttpClient(server.inboundPort())) {
      String appPort = String.valueOf(app.port());
      String listenerPort = String.valueOf(server.inboundPort());
      AuthzRule toAppPort = AuthzRule.newBuilder()
          .setTo(List.of(AuthzOperation.newBuilder().setPorts(List.of(appPort)).setPaths(List.of("/api/*")).build())).build();
      AuthzRule toListenerPort = AuthzRule.newBuilder()
          .setWhen(List.of(new AuthzCondition("destination.port", List.of(listenerPort), List.of()))).build();
      apply(server, 1, List.of(policy("AuthorizationPolicy/default/allow-app-port", AuthzAction.ALLOW, List.of(toAppPort)),
          policy("AuthorizationPolicy/default/deny-listener-port", AuthzAction.DENY, List.of(toListenerPort))));
      assertEquals(200, raw.get("reviews", "/api/items").status(), "ports names the app's port; the listener's matches nothing");

      AuthzRule denyAppPort = AuthzRule.newBuilder()
          .setWhen(List.of(new AuthzCondition("destination.port", List.of(appPort), List.of()))).build();
      apply(server, 2, List.of(policy("AuthorizationPolicy/default/allow-listener-port", AuthzAction.ALLOW,
          List.of(AuthzRule.newBuilder().setTo(List.of(AuthzOperation.newBuilder().setPorts(List.of(listenerPort)).build()))
              .build()))));
      assertEquals(403, raw.get("reviews", "/api/items").status(), "an ALLOW on the listener port matches no request");
      apply(server, 3, List.of(policy("AuthorizationPolicy/default/deny-app-port", AuthzAction.DENY, List.of(denyAppPort))));
      assertEquals(403, raw.get("reviews", "/api/items").status(), "destination.port is the app's port");
      assertEquals(1, app.requests());
    }
  }
}
