package dev.meshlog.cli.inject;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admission webhook's decision for one AdmissionReview: always {@code allowed}, with a JSONPatch
 * when the pod gets the mesh. The patch is the difference between the pod as submitted and the pod
 * {@link SidecarInjector} makes of it, so it is exactly what {@code meshlog inject} would write.
 *
 * <p>Never blocks pod creation: a review it cannot read is allowed unpatched with a warning (the API
 * server shows warnings to the client), and counted.
 */
public final class AdmissionPatcher {

  /** A pod nests about fifteen levels; the bound stops a hostile review before anything recurses into it. */
  static final int MAX_NESTING_DEPTH = 100;
  private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build()).build()).build();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final String API_VERSION = "admission.k8s.io/v1";

  private final SidecarInjector injector;
  private final WebhookStats stats;

  public AdmissionPatcher(SidecarInjector injector, WebhookStats stats) {
    this.injector = injector;
    this.stats = stats;
  }

  /**
   * The AdmissionReview (v1) to answer {@code body} with, as JSON. Never throws: whatever the body holds, the
   * answer allows the pod (unpatched, with a warning, when the review cannot be read).
   */
  public String review(byte[] body) {
    stats.reviewed();
    try {
      return answer(body);
    } catch (RuntimeException e) {
      return malformed("", "meshlog webhook: cannot read the AdmissionReview (" + e.getClass().getSimpleName() + "); pod not injected");
    }
  }

  private String answer(byte[] body) {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (JacksonException e) {
      return malformed("", "meshlog webhook: the AdmissionReview is not JSON (" + e.getOriginalMessage() + "); pod not injected");
    }
    JsonNode request = review == null ? null : review.get("request");
    String uid = request == null || !request.isObject() || !request.path("uid").isString() ? "" : request.path("uid").asString("");
    if (request == null || !request.isObject() || uid.isEmpty()) {
      return malformed(uid, "meshlog webhook: the AdmissionReview has no request.uid; pod not injected");
    }
    String kind = request.path("kind").path("kind").asString("");
    JsonNode object = request.get("object");
    if (!"Pod".equals(kind) || object == null || !object.isObject()) {
      return malformed(uid, "meshlog webhook: expected a Pod in request.object, got kind '" + kind + "'; not injected");
    }
    ObjectNode original = (ObjectNode) object;
    ObjectNode patched = original.deepCopy();
    Injection result;
    try {
      result = injector.inject(PodTemplates.read(patched));
    } catch (IllegalArgumentException e) {
      return malformed(uid, "meshlog webhook: pod not injected: " + e.getMessage());
    }
    if (result instanceof Injection.Skipped) {
      stats.skipped();
      return answer(new AdmissionResponseBuilder().withUid(uid).withAllowed(true).build());
    }
    PodTemplates.write(result.template(), patched);
    JsonNode patch = MinimalPatch.between(original, patched);
    stats.injected();
    return answer(new AdmissionResponseBuilder().withUid(uid).withAllowed(true).withPatchType("JSONPatch")
        .withPatch(Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(patch))).build());
  }

  private String malformed(String uid, String warning) {
    stats.malformed();
    return answer(new AdmissionResponseBuilder().withUid(uid).withAllowed(true).withWarnings(List.of(warning)).build());
  }

  private static String answer(AdmissionResponse response) {
    AdmissionReview review = new AdmissionReviewBuilder().withApiVersion(API_VERSION).withKind("AdmissionReview")
        .withResponse(response).build();
    return SERIALIZATION.asJson(review);
  }

  /** The patch in an answer, decoded: for tests and for {@code --dry-run} style inspection. */
  public static JsonNode patchOf(String answer) {
    JsonNode response = JSON.readTree(answer).path("response");
    String patch = response.path("patch").asString("");
    return patch.isEmpty() ? JSON.createArrayNode() : JSON.readTree(new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8));
  }
}
