package dev.meshlog.cli.inject;

import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSONPatch from a pod to its injected form, without the noise of the model round trip: fabric8
 * writes {@code 3607} as a long where the API server sent an int (a "replace" with the same number),
 * and drops explicit nulls such as {@code creationTimestamp: null} (a "remove" of nothing). Neither
 * changes the pod; leaving them out keeps the patch to what injection adds.
 */
final class MinimalPatch {

  private MinimalPatch() {}

  static ArrayNode between(JsonNode original, JsonNode patched) {
    JsonNode diff = JsonDiff.asJson(original, patched, DiffFlags.dontNormalizeOpIntoMoveAndCopy());
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    for (JsonNode op : diff) {
      if (!isNoise(original, op)) {
        kept.add(op);
      }
    }
    return kept;
  }

  private static boolean isNoise(JsonNode original, JsonNode op) {
    String path = op.path("path").asString("");
    JsonNode before = original.at(path);
    String kind = op.path("op").asString("");
    if (kind.equals("replace")) {
      JsonNode after = op.get("value");
      return before.isNumber() && after != null && after.isNumber() && before.decimalValue().compareTo(after.decimalValue()) == 0;
    }
    if (kind.equals("remove")) {
      // Only a field of an object: removing an array element would shift the indexes later ops use.
      int slash = path.lastIndexOf('/');
      return before.isNull() && slash >= 0 && original.at(path.substring(0, slash)).isObject();
    }
    return false;
  }
}
