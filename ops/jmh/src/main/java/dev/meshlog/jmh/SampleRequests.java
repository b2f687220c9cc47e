package dev.meshlog.jmh;

import dev.meshlog.proxy.route.Endpoint;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fixtures shared by the benchmarks: requests shaped like what a browser-facing service forwards
 * inside a mesh (15 headers, trace context, a cookie), and endpoints with literal addresses so
 * building them never touches DNS.
 */
final class SampleRequests {

  /** Services are named like the mesh names them, so host lookup hashes realistic strings. */
  static final String NAMESPACE = "bench";

  private SampleRequests() {}

  /** {@code svc-07.bench.svc.cluster.local}. */
  static String host(int index) {
    return String.format("svc-%02d.%s.svc.cluster.local", index, NAMESPACE);
  }

  /** A GET with 15 headers, the Host header carrying the listener port as clients send it. */
  static HttpRequest get(String authority, String uri, String user) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, headers(authority, user));
  }

  static HttpHeaders headers(String authority, String user) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(HttpHeaderNames.HOST, authority + ":80");
    h.add(HttpHeaderNames.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36");
    h.add(HttpHeaderNames.ACCEPT, "application/json, text/plain, */*");
    h.add(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate, br");
    h.add(HttpHeaderNames.ACCEPT_LANGUAGE, "en-GB,en;q=0.9");
    h.add(HttpHeaderNames.CONNECTION, "keep-alive");
    h.add(HttpHeaderNames.COOKIE, "session=3f2a9c1e7b; theme=dark; lb=" + user);
    h.add("x-request-id", "5b1c3f0e-8a2d-4c6b-9e1f-2d7a0b4c6e8f");
    h.add("x-forwarded-for", "10.12.0.34");
    h.add("x-forwarded-proto", "http");
    h.add("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7");
    h.add("x-b3-spanid", "e457b5a2e4d86bd1");
    h.add("x-b3-sampled", "1");
    h.add("x-user", user);
    h.add("x-envoy-attempt-count", "1");
    return h;
  }

  /** {@code count} weight-1 endpoints on 10.0.x.y:8080, labelled like pods of one deployment. */
  static List<Endpoint> endpoints(int count, String workloadPrefix) {
    List<Endpoint> endpoints = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      InetSocketAddress address = new InetSocketAddress("10.0." + (i / 250) + "." + (i % 250 + 1), 8080);
      endpoints.add(new Endpoint(address, workloadPrefix + "-" + i, Map.of("app", workloadPrefix, "version", "v1")));
    }
    return endpoints;
  }
}
