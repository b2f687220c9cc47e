package dev.meshlog.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.Reporter;
import dev.meshlog.avro.RequestTelemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestDimensionsTest {

  private static final ReportingWorkload PRODUCTPAGE = ReportingWorkload.of("productpage-v1-1", "bookinfo",
      Map.of("app", "productpage", "version", "v1"), "spiffe://cluster.local/ns/bookinfo/sa/productpage");
  private static final String REVIEWS = "reviews.bookinfo.svc.cluster.local";

  private static RequestOutcome outbound(String security, String serverPrincipal, String grpc) {
    return new RequestOutcome(1_000L, REVIEWS, "reviews-v2-1", "bookinfo", "v2", "reviews-route", 200, "-", 1_500, 10, 20,
        grpc.isEmpty() ? "http" : "grpc", RequestLine.NONE, "127.0.0.1:9080", "outbound|9080||" + REVIEWS, security,
        RequestOutcome.UNKNOWN, serverPrincipal, RequestOutcome.Side.OUTBOUND, "reviews", grpc);
  }

  @Test
  void shouldReportTheSidecarsOwnWorkloadAsSourceAndTheEndpointAsDestinationOnTheOutboundSide() {
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE,
        outbound("mutual_tls", "spiffe://cluster.local/ns/bookinfo-back/sa/reviews", ""));
    assertEquals(Reporter.SOURCE, t.getReporter());
    assertEquals("productpage-v1-1", t.getReporterProxy());
    assertEquals("productpage-v1-1", t.getSourceWorkload());
    assertEquals("bookinfo", t.getSourceNamespace());
    assertEquals("productpage", t.getSourceApp());
    assertEquals("v1", t.getSourceVersion());
    assertEquals("spiffe://cluster.local/ns/bookinfo/sa/productpage", t.getSourcePrincipal());
    assertEquals(REVIEWS, t.getDestinationService());
    assertEquals("reviews", t.getDestinationServiceName());
    assertEquals("bookinfo", t.getDestinationServiceNamespace());
    assertEquals("reviews-v2-1", t.getDestinationWorkload());
    // The endpoint's principal names its namespace, which may differ from the service's.
    assertEquals("bookinfo-back", t.getDestinationNamespace());
    assertEquals("reviews", t.getDestinationApp());
    assertEquals("v2", t.getDestinationVersion());
    assertEquals("spiffe://cluster.local/ns/bookinfo-back/sa/reviews", t.getDestinationPrincipal());
    assertEquals("reviews-route", t.getRouteName());
    assertEquals("http", t.getRequestProtocol());
    assertEquals(200, t.getResponseCode());
    assertEquals("", t.getGrpcResponseStatus());
    assertEquals("-", t.getResponseFlags());
    assertEquals("mutual_tls", t.getConnectionSecurityPolicy());
    assertEquals(1_500, t.getDurationMicros());
    assertEquals(10, t.getRequestBytes());
    assertEquals(20, t.getResponseBytes());
  }

  @Test
  void shouldNotClaimThePrincipalsOfAPlainTextRequest() {
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE, outbound("none", RequestOutcome.UNKNOWN, "14"));
    assertEquals("unknown", t.getSourcePrincipal());
    assertEquals("unknown", t.getDestinationPrincipal());
    assertEquals("bookinfo", t.getDestinationNamespace());
    assertEquals("grpc", t.getRequestProtocol());
    assertEquals("14", t.getGrpcResponseStatus());
  }

  @Test
  void shouldReportTheSidecarsOwnWorkloadAsDestinationAndThePeersPrincipalAsSourceOnTheInboundSide() {
    RequestOutcome in = new RequestOutcome(1_000L, "productpage.bookinfo.svc.cluster.local", "productpage-v1-1", "bookinfo",
        "v1", "inbound|9080||productpage.bookinfo.svc.cluster.local", 403, "RBAC", 50, 0, 19, "http", RequestLine.NONE, "-",
        "-", "mutual_tls", "spiffe://cluster.local/ns/frontend/sa/gateway", RequestOutcome.UNKNOWN,
        RequestOutcome.Side.INBOUND, "productpage", "");
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE, in);
    assertEquals(Reporter.DESTINATION, t.getReporter());
    assertEquals("unknown", t.getSourceWorkload());
    assertEquals("frontend", t.getSourceNamespace());
    assertEquals("unknown", t.getSourceApp());
    assertEquals("spiffe://cluster.local/ns/frontend/sa/gateway", t.getSourcePrincipal());
    assertEquals("productpage-v1-1", t.getDestinationWorkload());
    assertEquals("bookinfo", t.getDestinationNamespace());
    assertEquals("productpage", t.getDestinationApp());
    assertEquals("v1", t.getDestinationVersion());
    assertEquals("spiffe://cluster.local/ns/bookinfo/sa/productpage", t.getDestinationPrincipal());
    assertEquals(403, t.getResponseCode());
    assertEquals("RBAC", t.getResponseFlags());
  }

  @Test
  void shouldSplitOnlyClusterLocalServiceNames() {
    assertEquals("reviews", RequestDimensions.serviceName(REVIEWS));
    assertEquals("bookinfo", RequestDimensions.serviceNamespace(REVIEWS));
    assertEquals("api.example.com", RequestDimensions.serviceName("api.example.com"));
    assertEquals("unknown", RequestDimensions.serviceNamespace("api.example.com"));
    assertEquals("unknown-host", RequestDimensions.serviceName("unknown-host"));
    assertEquals("unknown", RequestDimensions.serviceNamespace("unknown-host"));
  }

  @Test
  void shouldReadTheNamespaceOfASpiffePrincipalOnly() {
    assertEquals("ns1", Principals.namespaceOf("spiffe://td/ns/ns1/sa/x"));
    assertEquals("unknown", Principals.namespaceOf("unknown"));
    assertEquals("unknown", Principals.namespaceOf("https://td/ns/ns1/sa/x"));
  }
}
