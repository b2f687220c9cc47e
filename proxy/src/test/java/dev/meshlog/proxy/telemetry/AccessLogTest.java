package dev.meshlog.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccessLogTest {

  private static RequestOutcome outcome(RequestLine line, int status, String flags) {
    return new RequestOutcome(1_764_123_456_789L, "reviews.default.svc.cluster.local", "reviews-v1", "default", "v1",
        "reviews-route", status, flags, 12_345, 10, 64, "http", line, "127.0.0.1:9080", "outbound|80||reviews.default.svc.cluster.local");
  }

  @Test
  void shouldWriteIstiosFieldOrderWithTheResponseFlags() {
    RequestLine line = new RequestLine("GET", "/ratings/1?x=1", "HTTP/1.1", "reviews", "curl/8", "abc-123", "10.0.0.1");
    assertEquals("[2025-11-26T02:17:36.789Z] \"GET /ratings/1?x=1 HTTP/1.1\" 503 UF,URX 10 64 12 "
            + "\"10.0.0.1\" \"curl/8\" \"abc-123\" \"reviews\" \"127.0.0.1:9080\" "
            + "outbound|80||reviews.default.svc.cluster.local reviews-route",
        AccessLog.format(outcome(line, 503, "UF,URX")));
  }

  @Test
  void shouldNotLetAClientForgeFieldsOrLinesThroughItsHeaders() {
    RequestLine line = new RequestLine("GET", "/", "HTTP/1.1", "reviews", "evil\" 200 -\n[fake line", "-", "-");
    String formatted = AccessLog.format(outcome(line, 200, "-"));
    assertEquals(1, formatted.lines().count(), formatted);
    assertEquals(12, formatted.chars().filter(c -> c == '"').count(), formatted);
  }

  @Test
  void shouldShowADashForAMissingRouteName() {
    RequestOutcome noRoute = new RequestOutcome(0, "unknown.host", "unknown", "unknown", "unknown", "", 404, "NR",
        1_000, 0, 9, "http", new RequestLine("GET", "/", "HTTP/1.1", "unknown.host", "-", "-", "-"), "-", "-");
    String formatted = AccessLog.format(noRoute);
    assertEquals("\"-\" - -", formatted.substring(formatted.length() - 7), formatted);
  }
}
