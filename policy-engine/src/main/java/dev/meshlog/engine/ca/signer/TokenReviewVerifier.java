package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.SpiffeId;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workload's first request on Kubernetes: its projected service-account token, checked by the API
 * server (TokenReview, as istiod does). The token must be valid for the audience {@value #AUDIENCE}
 * and belong to exactly the service account the identity names: a token of {@code ns/sa} proves
 * {@code spiffe://<td>/ns/<ns>/sa/<sa>} and nothing else.
 *
 * <p>Never throws: an API server that cannot answer refuses the request as retryable, and the
 * sidecar asks again after its backoff. The engine needs RBAC {@code create} on
 * {@code authentication.k8s.io/tokenreviews} (ops/k8s).
 */
public final class TokenReviewVerifier implements CredentialVerifier {

  /** The audience sidecars request their projected token for, so a token minted for another system is refused. */
  public static final String AUDIENCE = "meshlog";
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  private static final Logger log = LoggerFactory.getLogger(TokenReviewVerifier.class);

  private final KubernetesClient client;
  private final String audience;

  public TokenReviewVerifier(KubernetesClient client) {
    this(client, AUDIENCE);
  }

  TokenReviewVerifier(KubernetesClient client, String audience) {
    this.client = Objects.requireNonNull(client, "client");
    this.audience = Objects.requireNonNull(audience, "audience");
  }

  @Override
  public Verdict verify(SpiffeId identity, PKCS10CertificationRequest csr, String credential, Instant now) {
    if (credential == null || credential.isBlank()) {
      return new Refusal(RefusalReason.TOKEN_REVIEW_DENIED, "empty service-account token");
    }
    TokenReviewStatus status;
    try {
      TokenReview answer = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
          .withNewSpec().withToken(credential.strip()).withAudiences(audience).endSpec().build());
      status = answer == null ? null : answer.getStatus();
    } catch (RuntimeException e) { // KubernetesClientException, timeouts, a closed client: all the API's fault
      log.warn("TokenReview for {} failed: {}", identity, e.toString());
      return new Refusal(RefusalReason.TOKEN_REVIEW_UNAVAILABLE,
          "TokenReview could not be made (retryable): " + e.getMessage());
    }
    if (status == null) {
      return new Refusal(RefusalReason.TOKEN_REVIEW_UNAVAILABLE, "TokenReview answered without a status (retryable)");
    }
    if (!Boolean.TRUE.equals(status.getAuthenticated())) {
      String error = status.getError() == null || status.getError().isBlank() ? "not authenticated" : status.getError();
      return new Refusal(RefusalReason.TOKEN_REVIEW_DENIED, "the API server did not authenticate the token: " + error);
    }
    List<String> audiences = status.getAudiences();
    if (audiences != null && !audiences.isEmpty() && !audiences.contains(audience)) {
      return new Refusal(RefusalReason.TOKEN_REVIEW_DENIED, "token audiences " + audiences + " do not include " + audience);
    }
    String user = status.getUser() == null ? "" : Objects.toString(status.getUser().getUsername(), "");
    String expected = SERVICE_ACCOUNT_PREFIX + identity.namespace() + ":" + identity.serviceAccount();
    if (!user.equals(expected)) {
      return new Refusal(RefusalReason.SERVICE_ACCOUNT_MISMATCH, "the token belongs to "
          + (user.isEmpty() ? "no user" : user) + ", not to " + expected + " (asked for " + identity.toUri() + ")");
    }
    return Verdict.PROVEN;
  }

  @Override
  public String toString() {
    return "TokenReviewVerifier[audience=" + audience + ", apiServer=" + client.getMasterUrl() + "]";
  }
}
