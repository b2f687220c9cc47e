package dev.meshlog.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        RequestOutcome.UNKNOWN, serverPrincipal, RequestOutcome.Side.OUTBOUND, "reviews", grpc, PeerMetadata.NONE);
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
        RequestOutcome.Side.INBOUND, "productpage", "", null);
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

  private static RequestOutcome inbound(String principal, PeerMetadata peer, RequestLine line) {
    return new RequestOutcome(1_000L, "productpage.bookinfo.svc.cluster.local", "productpage-v1-1", "bookinfo",
        "v1", "inbound|9080||productpage.bookinfo.svc.cluster.local", 200, "-", 50, 0, 19, "http", line, "-",
        "-", "mutual_tls", principal, RequestOutcome.UNKNOWN, RequestOutcome.Side.INBOUND, "productpage", "", peer);
  }

  @Test
  void shouldTakeTheCallersLabelsFromItsPeerMetadataAndItsNamespaceFromItsCertificateFirst() {
    PeerMetadata gateway = new PeerMetadata("gateway-7", "claimed-ns", "gateway", "v3");
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE,
        inbound("spiffe://cluster.local/ns/frontend/sa/gateway", gateway, RequestLine.NONE));
    assertEquals("gateway-7", t.getSourceWorkload());
    assertEquals("gateway", t.getSourceApp());
    assertEquals("v3", t.getSourceVersion());
    assertEquals("frontend", t.getSourceNamespace(), "the certificate's namespace wins over the claimed one");
    assertEquals("spiffe://cluster.local/ns/frontend/sa/gateway", t.getSourcePrincipal());
    RequestTelemetry plain = RequestDimensions.toWire(PRODUCTPAGE, inbound(RequestOutcome.UNKNOWN, gateway, RequestLine.NONE));
    assertEquals("claimed-ns", plain.getSourceNamespace());
    assertEquals("unknown", plain.getSourcePrincipal(), "peer metadata never makes a principal");
  }

  @Test
  void shouldFillOnlyTheDestinationLabelsTheSnapshotLacksFromTheServersPeerMetadata() {
    RequestOutcome unlabelled = new RequestOutcome(1_000L, REVIEWS, "reviews-v2-1", "bookinfo", "unknown", "r", 200, "-",
        1_500, 10, 20, "http", RequestLine.NONE, "127.0.0.1:9080", "c", "none", RequestOutcome.UNKNOWN,
        RequestOutcome.UNKNOWN, RequestOutcome.Side.OUTBOUND, "unknown", "", new PeerMetadata("liar", "x", "reviews", "v2"));
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE, unlabelled);
    assertEquals("reviews-v2-1", t.getDestinationWorkload());
    assertEquals("reviews", t.getDestinationApp());
    assertEquals("v2", t.getDestinationVersion());
  }

  @Test
  void shouldCarryMethodPathWithoutQueryAuthorityAndRequestIdForTap() {
    RequestLine line = new RequestLine("POST", "/api/v1/items?token=secret#frag", "HTTP/1.1", "productpage:9080", "-",
        "req-1", "-");
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE, inbound(RequestOutcome.UNKNOWN, null, line));
    assertEquals("POST", t.getRequestMethod());
    assertEquals("/api/v1/items", t.getRequestPath());
    assertEquals("productpage:9080", t.getRequestAuthority());
    assertEquals("req-1", t.getRequestId());
    RequestTelemetry none = RequestDimensions.toWire(PRODUCTPAGE, inbound(RequestOutcome.UNKNOWN, null, RequestLine.NONE));
    assertEquals("", none.getRequestMethod());
    assertEquals("", none.getRequestPath());
    assertEquals("", none.getRequestId());
  }

  @Test
  void shouldBoundAHostilePathAndHeadersAndMarkTheCut() {
    String longPath = "/" + "a".repeat(10_000) + "?q=1";
    RequestLine line = new RequestLine("GET", longPath, "HTTP/1.1", "h".repeat(5_000), "-", "i".repeat(5_000), "-");
    RequestTelemetry t = RequestDimensions.toWire(PRODUCTPAGE, inbound(RequestOutcome.UNKNOWN, null, line));
    assertEquals(RequestMetadata.MAX_LENGTH, t.getRequestPath().length());
    assertTrue(t.getRequestPath().startsWith("/aaa") && t.getRequestPath().endsWith("..."), t.getRequestPath());
    assertEquals(RequestMetadata.MAX_LENGTH, t.getRequestAuthority().length());
    assertEquals(RequestMetadata.MAX_LENGTH, t.getRequestId().length());
    assertEquals("/", RequestMetadata.path("http://example.com"));
    assertEquals("/x", RequestMetadata.path("http://example.com/x?y"));
    assertEquals("/", RequestMetadata.path("http://example.com?y=/z"));
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
