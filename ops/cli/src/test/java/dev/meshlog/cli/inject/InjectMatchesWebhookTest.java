package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The check: the webhook's patch applied to a pod gives exactly the pod `meshlog inject` writes. */
class InjectMatchesWebhookTest {

  private final InjectionSettings settings = new InjectionSettings("example/meshlog:3", "kafka:9092");
  private final WebhookStats stats = new WebhookStats();
  private final AdmissionPatcher webhook = new AdmissionPatcher(new SidecarInjector(settings), stats);
  private final ManifestInjector inject = new ManifestInjector(new SidecarInjector(settings));

  @Test
  void shouldPatchABarePodIntoWhatInjectWrites() {
    JsonNode pod = Manifests.documents(Manifests.fixture("pods.yaml")).get(0);

    JsonNode patched = JsonPatch.apply(AdmissionPatcher.patchOf(webhook.review(AdmissionReviews.forPod("u-1", pod))), pod);
    JsonNode injected = Manifests.documents(inject.inject(Manifests.AS_YAML.apply(pod)).yaml()).get(0);

    assertNotEquals(pod, patched, "the webhook injected something");
    assertEquals(injected, patched);
    assertEquals(1, stats.injectedCount());
  }

  @Test
  void shouldPatchADeploymentsPodIntoWhatInjectWritesForItsTemplate() {
    JsonNode deployment = Manifests.documents(Manifests.fixture("reviews.yaml")).get(1);
    ObjectNode pod = AdmissionReviews.podFromTemplate(deployment.path("spec").path("template"), "reviews-v1-5d4f8-");

    JsonNode patched = JsonPatch.apply(AdmissionPatcher.patchOf(webhook.review(AdmissionReviews.forPod("u-2", pod))), pod);
    JsonNode injectedTemplate = Manifests.documents(inject.inject(Manifests.fixture("reviews.yaml")).yaml()).get(1)
        .path("spec").path("template");

    assertEquals(injectedTemplate.get("spec"), patched.get("spec"));
    ObjectNode expectedMeta = ((ObjectNode) injectedTemplate.get("metadata").deepCopy()).put("generateName", "reviews-v1-5d4f8-");
    assertEquals(expectedMeta, patched.get("metadata"));
  }

  @Test
  void shouldOnlyAddToAPodTheApiServerDefaulted() {
    JsonNode pod = AdmissionReviews.JSON.readTree(Manifests.fixture("defaulted-pod.json"));

    JsonNode patch = AdmissionPatcher.patchOf(webhook.review(AdmissionReviews.forPod("u-5", pod)));
    JsonNode patched = JsonPatch.apply(patch, pod);

    for (JsonNode op : patch) {
      assertEquals("add", op.path("op").asString(), "the app's own fields are left alone: " + op);
    }
    assertEquals(Manifests.documents(inject.inject(Manifests.fixture("defaulted-pod.json")).yaml()).get(0).get("spec"),
        patched.get("spec"));
    assertEquals(1, patched.path("spec").path("containers").get(0).path("someFutureField").path("x").asInt(),
        "fields this fabric8 version does not know survive");
  }

  @Test
  void shouldAllowWithoutPatchPodsThatOptOutAndCountThem() {
    JsonNode optedOut = Manifests.documents(Manifests.fixture("pods.yaml")).get(1);

    String answer = webhook.review(AdmissionReviews.forPod("u-3", optedOut));

    JsonNode response = AdmissionReviews.JSON.readTree(answer).path("response");
    assertEquals("u-3", response.path("uid").asString());
    assertTrue(response.path("allowed").asBoolean());
    assertTrue(response.path("patch").isMissingNode(), answer);
    assertEquals(1, stats.skippedCount());
  }

  @Test
  void shouldAllowMalformedReviewsWithAWarningAndCountThem() {
    for (byte[] body : List.of("not json".getBytes(StandardCharsets.UTF_8),
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}".getBytes(StandardCharsets.UTF_8),
        AdmissionReviews.forPod("u-4", AdmissionReviews.JSON.createObjectNode().put("kind", "Pod")))) {
      JsonNode answer = AdmissionReviews.JSON.readTree(webhook.review(body));
      assertEquals("AdmissionReview", answer.path("kind").asString());
      assertTrue(answer.path("response").path("allowed").asBoolean(), answer.toString());
      assertTrue(answer.path("response").path("patch").isMissingNode());
      assertTrue(answer.path("response").path("warnings").get(0).asString().startsWith("meshlog webhook:"), answer.toString());
    }
    assertEquals(3, stats.malformedCount());
    assertEquals(3, stats.reviewedCount());
  }
}
