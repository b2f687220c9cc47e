package dev.meshlog.engine.ca.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.CaOutcome;
import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.SpiffeId;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubernetes service-account tokens, reviewed by fabric8's mock API server (expectations mode). */
@EnableKubernetesMockClient
class TokenReviewVerifierTest {

  private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final SpiffeId REVIEWS = SpiffeId.parse("spiffe://cluster.local/ns/bookinfo/sa/reviews");
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void shouldProveTheIdentityOfTheTokensServiceAccountAndAskForTheMeshlogAudience() throws Exception {
    server.expect().post().withPath(PATH).andReturn(201, authenticated("system:serviceaccount:bookinfo:reviews")).once();

    Verdict verdict = new TokenReviewVerifier(client).verify(REVIEWS, null, "  header.payload.sig\n", NOW);

    assertEquals(Verdict.PROVEN, verdict);
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    String body = request.getBody().readUtf8();
    assertTrue(body.contains("\"token\":\"header.payload.sig\""), body);
    assertTrue(body.contains("\"audiences\":[\"meshlog\"]"), body);
  }

  @Test
  void shouldRefuseATokenOfAnotherServiceAccountNamingBoth() {
    server.expect().post().withPath(PATH).andReturn(201, authenticated("system:serviceaccount:bookinfo:ratings")).once();

    Refusal refusal = assertInstanceOf(Refusal.class, new TokenReviewVerifier(client).verify(REVIEWS, null, "t", NOW));

    assertEquals(RefusalReason.SERVICE_ACCOUNT_MISMATCH, refusal.reason());
    assertTrue(refusal.detail().contains("system:serviceaccount:bookinfo:ratings"), refusal.detail());
    assertTrue(refusal.detail().contains("system:serviceaccount:bookinfo:reviews"), refusal.detail());
  }

  @Test
  void shouldRefuseATokenThatIsNotAServiceAccountsOfTheSameName() {
    // A user named like the namespace and account is not the service account.
    server.expect().post().withPath(PATH).andReturn(201, authenticated("bookinfo:reviews")).once();

    Refusal refusal = assertInstanceOf(Refusal.class, new TokenReviewVerifier(client).verify(REVIEWS, null, "t", NOW));

    assertEquals(RefusalReason.SERVICE_ACCOUNT_MISMATCH, refusal.reason());
  }

  @Test
  void shouldRefuseAnUnauthenticatedTokenWithTheApiServersError() {
    server.expect().post().withPath(PATH).andReturn(201, new TokenReviewBuilder().withNewStatus()
        .withAuthenticated(false).withError("[invalid bearer token, token has been invalidated]").endStatus().build()).once();

    Refusal refusal = assertInstanceOf(Refusal.class, new TokenReviewVerifier(client).verify(REVIEWS, null, "t", NOW));

    assertEquals(RefusalReason.TOKEN_REVIEW_DENIED, refusal.reason());
    assertTrue(refusal.detail().contains("token has been invalidated"), refusal.detail());
  }

  @Test
  void shouldRefuseATokenAuthenticatedForAnotherAudience() {
    server.expect().post().withPath(PATH).andReturn(201, new TokenReviewBuilder().withNewStatus().withAuthenticated(true)
        .withAudiences("https://kubernetes.default.svc").withNewUser().withUsername("system:serviceaccount:bookinfo:reviews")
        .endUser().endStatus().build()).once();

    Refusal refusal = assertInstanceOf(Refusal.class, new TokenReviewVerifier(client).verify(REVIEWS, null, "t", NOW));

    assertEquals(RefusalReason.TOKEN_REVIEW_DENIED, refusal.reason());
  }

  @Test
  void shouldRefuseAsRetryableWhenTheApiServerErrs() {
    server.expect().post().withPath(PATH).andReturn(500, "etcd leader changed").once();

    Refusal refusal = assertInstanceOf(Refusal.class, new TokenReviewVerifier(client).verify(REVIEWS, null, "t", NOW));

    assertEquals(RefusalReason.TOKEN_REVIEW_UNAVAILABLE, refusal.reason());
    assertTrue(refusal.detail().contains("retryable"), refusal.detail());
  }

  @Test
  void shouldRefuseAsRetryableWhenTheApiServerIsUnreachable() {
    Config down = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withRequestTimeout(2_000)
        .withConnectionTimeout(2_000).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(down).build()) {
      Refusal refusal = assertInstanceOf(Refusal.class,
          new TokenReviewVerifier(unreachable).verify(REVIEWS, null, "t", NOW));
      assertEquals(RefusalReason.TOKEN_REVIEW_UNAVAILABLE, refusal.reason());
    }
  }

  @Test
  void shouldIssueThroughTheSignerAndAuditARefusalWithoutFailingTheJob(@TempDir Path caDir, @TempDir Path stateDir)
      throws Exception {
    SigningCa ca = MeshCa.loadOrCreate(CaSettings.defaults(caDir, "cluster.local"), "pw".toCharArray(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    server.expect().post().withPath(PATH).andReturn(201, authenticated("system:serviceaccount:bookinfo:reviews")).once();
    server.expect().post().withPath(PATH).andReturn(503, "unavailable").once();
    try (SignerHarness signer = new SignerHarness(stateDir, CaAuthority.fixed(ca), new MutableClock(NOW),
        new TokenReviewVerifier(client))) {
      Workload workload = new Workload("reviews-v1-abc.bookinfo");
      String identity = REVIEWS.toUri();

      signer.send(workload.request(identity, workload.csr(identity), CredentialKind.KUBERNETES_TOKEN, "sa-token"));
      List<WorkloadCertificate> issued = signer.certificates.readValuesToList();
      assertEquals(1, issued.size(), "a reviewed token gets its certificate");
      assertEquals(identity, issued.get(0).getIdentity());
      assertEquals(CaOutcome.ISSUED, signer.audit.readValuesToList().get(0).getOutcome());

      signer.send(workload.request(identity, workload.csr(identity), CredentialKind.KUBERNETES_TOKEN, "sa-token"));
      CertificateAudit refused = signer.assertRefused(RefusalReason.TOKEN_REVIEW_UNAVAILABLE, 1);
      assertTrue(refused.getReason().contains("retryable"), refused.getReason());
    }
  }

  private static TokenReview authenticated(String user) {
    return new TokenReviewBuilder().withNewStatus().withAuthenticated(true).withAudiences("meshlog")
        .withNewUser().withUsername(user).endUser().endStatus().build();
  }
}
