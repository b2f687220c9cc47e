package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.YamlFields.child;
import static dev.meshlog.ingest.policy.YamlFields.duration;
import static dev.meshlog.ingest.policy.YamlFields.integer;
import static dev.meshlog.ingest.policy.YamlFields.list;
import static dev.meshlog.ingest.policy.YamlFields.mapping;
import static dev.meshlog.ingest.policy.YamlFields.number;
import static dev.meshlog.ingest.policy.YamlFields.object;
import static dev.meshlog.ingest.policy.YamlFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshlog.avro.FaultAbort;
import dev.meshlog.avro.FaultDelay;
import dev.meshlog.avro.HttpDirectResponse;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.HttpRewrite;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.ingest.policy.YamlFields.Element;
import dev.meshlog.ingest.policy.YamlFields.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads one Istio HTTPRoute of {@code spec.http}. Which combinations are valid is {@link HttpRouteRules}. */
final class HttpRouteReader {

  private static final Shape HTTP_ROUTE = Shape.of("name", "match", "route", "redirect", "rewrite", "directResponse",
          "headers", "timeout", "retries", "fault", "mirror", "mirrorPercentage")
      .unsupported("delegate", "corsPolicy", "mirrors", "mirrorPercent", "mirror_percent");
  private static final Shape REDIRECT = Shape.of("uri", "authority", "redirectCode").unsupported("port", "derivePort", "scheme");
  private static final Shape REWRITE = Shape.of("uri", "authority").unsupported("uriRegexRewrite");
  private static final Shape DIRECT_RESPONSE = Shape.of("status", "body");
  private static final Shape BODY = Shape.of("string").unsupported("bytes");
  private static final Shape RETRIES = Shape.of("attempts", "perTryTimeout", "retryOn")
      .unsupported("retryRemoteLocalities", "retryIgnorePreviousHosts", "backoff");
  private static final Shape FAULT = Shape.of("delay", "abort");
  private static final Shape DELAY = Shape.of("fixedDelay", "percentage").unsupported("exponentialDelay", "percent");
  private static final Shape ABORT = Shape.of("httpStatus", "percentage").unsupported("grpcStatus", "http2Error", "percent");
  private static final Shape PERCENT = Shape.of("value");

  private HttpRouteReader() {}

  static HttpRouteSpec read(Element route, String namespace, Problems problems) {
    HttpRouteSpec.Builder result = HttpRouteSpec.newBuilder().setRoute(List.of());
    JsonNode node = route.node();
    String path = route.path();
    if (!mapping(node, path, HTTP_ROUTE, problems)) {
      return result.build();
    }
    return result
        .setName(string(node, "name", path, problems).orElse(null))
        .setMatch(list(node, "match", path, problems).stream().map(match -> HttpMatchReader.read(match, problems)).toList())
        .setRoute(DestinationReader.httpRoute(node, path, namespace, problems))
        .setRedirect(object(node, "redirect", path, REDIRECT, problems).map(r -> redirect(r, field(path, "redirect"), problems)).orElse(null))
        .setRewrite(object(node, "rewrite", path, REWRITE, problems).map(r -> rewrite(r, field(path, "rewrite"), problems)).orElse(null))
        .setDirectResponse(object(node, "directResponse", path, DIRECT_RESPONSE, problems)
            .map(r -> directResponse(r, field(path, "directResponse"), problems)).orElse(null))
        .setHeaders(HeadersReader.read(node, path, problems).orElse(null))
        .setTimeoutMs(duration(node, "timeout", path, problems).orElse(null))
        .setRetries(object(node, "retries", path, RETRIES, problems).map(r -> retries(r, field(path, "retries"), problems)).orElse(null))
        .setFault(object(node, "fault", path, FAULT, problems).map(f -> fault(f, field(path, "fault"), problems)).orElse(null))
        .setMirror(child(node, "mirror").map(m -> DestinationReader.destination(m, field(path, "mirror"), namespace, problems)).orElse(null))
        .setMirrorPercentage(percentage(node, "mirrorPercentage", path, problems).orElse(null))
        .build();
  }

  private static HttpRedirect redirect(JsonNode node, String path, Problems problems) {
    return new HttpRedirect(string(node, "uri", path, problems).orElse(null), string(node, "authority", path, problems).orElse(null),
        integer(node, "redirectCode", path, problems).orElse(301));
  }

  private static HttpRewrite rewrite(JsonNode node, String path, Problems problems) {
    return new HttpRewrite(string(node, "uri", path, problems).orElse(null), string(node, "authority", path, problems).orElse(null));
  }

  private static HttpDirectResponse directResponse(JsonNode node, String path, Problems problems) {
    Optional<Integer> status = integer(node, "status", path, problems);
    if (status.isEmpty() && !node.has("status")) {
      problems.add(field(path, "status"), "is required");
    }
    String body = object(node, "body", path, BODY, problems)
        .flatMap(b -> string(b, "string", field(path, "body"), problems))
        .orElse(null);
    return new HttpDirectResponse(status.orElse(0), body);
  }

  private static HttpRetrySpec retries(JsonNode node, String path, Problems problems) {
    Optional<Integer> attempts = integer(node, "attempts", path, problems);
    if (attempts.isEmpty() && !node.has("attempts")) {
      problems.add(field(path, "attempts"), "is required");
    }
    List<String> retryOn = string(node, "retryOn", path, problems)
        .map(text -> Arrays.stream(text.split(",", -1)).map(String::strip).toList())
        .orElse(List.of());
    return new HttpRetrySpec(attempts.orElse(0), duration(node, "perTryTimeout", path, problems).orElse(null), retryOn);
  }

  private static HttpFaultSpec fault(JsonNode node, String path, Problems problems) {
    // Istio injects into no request when a fault has no percentage, so absent is 0, not the schema's 100.
    FaultDelay delay = object(node, "delay", path, DELAY, problems).map(d -> {
      String delayPath = field(path, "delay");
      Optional<Long> fixed = duration(d, "fixedDelay", delayPath, problems);
      if (fixed.isEmpty() && !d.has("fixedDelay")) {
        problems.add(field(delayPath, "fixedDelay"), "is required");
      }
      return new FaultDelay(fixed.orElse(0L), percentage(d, "percentage", delayPath, problems).orElse(0.0));
    }).orElse(null);
    FaultAbort abort = object(node, "abort", path, ABORT, problems).map(a -> {
      String abortPath = field(path, "abort");
      Optional<Integer> status = integer(a, "httpStatus", abortPath, problems);
      if (status.isEmpty() && !a.has("httpStatus")) {
        problems.add(field(abortPath, "httpStatus"), "is required");
      }
      return new FaultAbort(status.orElse(0), percentage(a, "percentage", abortPath, problems).orElse(0.0));
    }).orElse(null);
    return new HttpFaultSpec(delay, abort);
  }

  /** Istio's Percent: {@code {value: 12.5}}. */
  private static Optional<Double> percentage(JsonNode parent, String key, String parentPath, Problems problems) {
    String path = field(parentPath, key);
    return object(parent, key, parentPath, PERCENT, problems).flatMap(p -> {
      Optional<Double> value = number(p, "value", path, problems);
      if (value.isEmpty() && !p.has("value")) {
        problems.add(field(path, "value"), "is required");
      }
      return value;
    });
  }
}
