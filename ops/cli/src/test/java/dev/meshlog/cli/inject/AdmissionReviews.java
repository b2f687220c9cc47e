package dev.meshlog.cli.inject;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** AdmissionReview v1 requests as the API server sends them, around a pod. */
final class AdmissionReviews {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private AdmissionReviews() {}

  static byte[] forPod(String uid, JsonNode pod) {
    ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request").put("uid", uid).put("namespace", "shop").put("operation", "CREATE");
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.set("object", pod);
    return JSON.writeValueAsString(review).getBytes(StandardCharsets.UTF_8);
  }

  /** A pod made from a workload's template, as the ReplicaSet controller would create it. */
  static ObjectNode podFromTemplate(JsonNode template, String generateName) {
    ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode metadata = ((ObjectNode) template.get("metadata").deepCopy()).put("generateName", generateName);
    pod.set("metadata", metadata);
    pod.set("spec", template.get("spec").deepCopy());
    return pod;
  }
}
