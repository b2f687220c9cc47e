package dev.meshlog.cli.tap;

import static dev.meshlog.cli.tap.TapFixtures.request;
import static dev.meshlog.cli.tap.TapFixtures.tapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapFormatTest {

  private static final TappedRequest OK = tapped(request("productpage-v1", "reviews-v2", "reviews", "reviews-v2", 200));

  @Test
  void shouldPrintReqRspAndEndLinesLikeLinkerdTap() {
    assertEquals(List.of(
        "req id=0:42 proxy=out src=default/productpage-v1 dst=default/reviews-v2 tls=mutual_tls"
            + " :method=GET :authority=reviews.default.svc.cluster.local :path=/reviews/1 route=reviews-v2 protocol=http",
        "rsp id=0:42 proxy=out src=default/productpage-v1 dst=default/reviews-v2 tls=mutual_tls :status=200 latency=1234µs",
        "end id=0:42 proxy=out src=default/productpage-v1 dst=default/reviews-v2 tls=mutual_tls response-length=512B"),
        TapFormat.TEXT.render(OK));
  }

  @Test
  void shouldShowAResetWithoutRspAndFlagsAndGrpcStatusOnEnd() {
    List<String> reset = TapFormat.TEXT.render(tapped(request("productpage-v1", "unknown", "reviews", "", 0)
        .setResponseFlags("UH").setGrpcResponseStatus("14")));
    assertEquals(2, reset.size(), reset.toString());
    assertTrue(reset.get(0).contains("dst=unknown ") && reset.get(0).contains("route=-"), reset.get(0));
    assertTrue(reset.get(1).endsWith("grpc-status=14 response-flags=UH duration=1234µs response-length=512B"), reset.get(1));
  }

  @Test
  void shouldAddLabelsAndPrincipalsWhenWide() {
    String req = TapFormat.WIDE.render(tapped(request("productpage-v1", "reviews-v2", "reviews", "r", 200)
        .setSourcePrincipal("spiffe://cluster.local/ns/default/sa/productpage"))).get(0);
    assertTrue(req.contains(" src_principal=spiffe://cluster.local/ns/default/sa/productpage"), req);
    assertTrue(req.contains(" dst_version=v2") && req.contains(" reporter=productpage-v1") && req.contains(" request-length=10B"), req);
    assertTrue(req.contains(" request-authority=reviews:9080 request-id=rid-r"), req);
  }

  @Test
  void shouldShowADashForAMethodAndPathTheSidecarDidNotReport() {
    String req = TapFormat.TEXT.render(tapped(request("productpage-v1", "reviews-v2", "reviews", "r", 200)
        .setRequestMethod("").setRequestPath(""))).get(0);
    assertTrue(req.contains(" :method=- :authority=reviews.default.svc.cluster.local :path=- "), req);
  }

  @Test
  void shouldPrintOneJsonObjectPerRequest() throws Exception {
    List<String> lines = TapFormat.JSON.render(OK);
    assertEquals(1, lines.size());
    JsonNode json = new ObjectMapper().readTree(lines.get(0));
    assertEquals("0:42", json.get("id").asText());
    assertEquals("productpage-v1", json.get("source").get("workload").asText());
    assertEquals("reviews-v2", json.get("destination").get("workload").asText());
    assertEquals("reviews.default.svc.cluster.local", json.get("authority").asText());
    assertEquals("GET", json.get("method").asText());
    assertEquals("/reviews/1", json.get("path").asText());
    assertEquals("reviews:9080", json.get("requestAuthority").asText());
    assertEquals("rid-reviews-v2", json.get("requestId").asText());
    assertEquals(200, json.get("status").asInt());
    assertEquals(1234, json.get("latencyMicros").asLong());
    assertEquals("2026-11-26T09:00:00Z", json.get("time").asText());
  }

  @Test
  void shouldParseTheOutputOption() {
    assertEquals(TapFormat.TEXT, TapFormat.parse(null));
    assertEquals(TapFormat.WIDE, TapFormat.parse("wide"));
    assertEquals(TapFormat.JSON, TapFormat.parse("JSON"));
    var bad = assertThrows(IllegalArgumentException.class, () -> TapFormat.parse("yaml"));
    assertEquals("--output: expected wide or json, got 'yaml'", bad.getMessage());
  }
}
