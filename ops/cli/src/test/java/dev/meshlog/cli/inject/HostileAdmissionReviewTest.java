package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Garbage AdmissionReviews: the webhook answers every one, allowing the pod unpatched with a warning, and never throws. */
class HostileAdmissionReviewTest {

  private final WebhookStats stats = new WebhookStats();
  private final AdmissionPatcher webhook = new AdmissionPatcher(new SidecarInjector(InjectionSettings.defaults()), stats);

  private static final String REVIEW = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
      + "{\"uid\":\"u-1\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"object\":%s}}";

  static Stream<Arguments> garbage() {
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    return Stream.of(
        Arguments.of("empty", new byte[0]),
        Arguments.of("binary", random),
        Arguments.of("not an object", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("null", "null".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("request is text", "{\"request\": \"x\"}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("uid is a number", "{\"request\": {\"uid\": 7}}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("kind is a list", "{\"request\": {\"uid\": \"u\", \"kind\": [\"Pod\"]}}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("deep nesting", ("{\"request\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("pod is text", REVIEW.formatted("\"pod\"").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("spec is a number", REVIEW.formatted("{\"metadata\":{\"name\":\"p\"},\"spec\":42}").getBytes(StandardCharsets.UTF_8)),
        Arguments.of("containers is text", REVIEW.formatted("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":\"app\"}}")
            .getBytes(StandardCharsets.UTF_8)),
        Arguments.of("container is a number", REVIEW.formatted("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[1]}}")
            .getBytes(StandardCharsets.UTF_8)),
        Arguments.of("labels are a list", REVIEW.formatted("{\"metadata\":{\"name\":\"p\",\"labels\":[1]},\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":\"x\"}]}}")
            .getBytes(StandardCharsets.UTF_8)),
        Arguments.of("truncated", REVIEW.formatted("{\"metadata\":{").getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void shouldAllowThePodWithAWarningAndNeverThrow(String name, byte[] body) {
    String answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> webhook.review(body));
    JsonNode response = AdmissionReviews.JSON.readTree(answer).path("response");
    assertTrue(response.path("allowed").asBoolean(false), answer);
    assertEquals("AdmissionReview", AdmissionReviews.JSON.readTree(answer).path("kind").asString(""), answer);
    assertEquals(1, stats.malformedCount() + stats.skippedCount() + stats.injectedCount(), "each review is accounted for once");
    if (stats.malformedCount() == 1) {
      assertFalse(response.path("warnings").isEmpty(), () -> "a review it cannot read says why: " + answer);
    }
  }
}
