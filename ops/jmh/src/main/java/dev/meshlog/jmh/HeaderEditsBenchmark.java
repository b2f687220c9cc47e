package dev.meshlog.jmh;

import dev.meshlog.proxy.route.HeaderOperations;
import dev.meshlog.proxy.route.HeaderPolicy;
import dev.meshlog.proxy.route.Rewrite;
import dev.meshlog.proxy.route.UpstreamEdits;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link UpstreamEdits#applyToRequest}: a prefix rewrite plus route-level set/add/remove and a
 * destination-level set, on a request with 15 headers. The edits mutate the request, so each
 * invocation works on a fresh copy; {@link #copyOnly} measures that copy alone, and the edits cost
 * is {@code applyEdits - copyOnly}. (A per-invocation {@code @Setup} would cost more than the edits.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HeaderEditsBenchmark {

  /** What a {@code /api/reviews/} prefix match hands the rewrite. */
  static final String MATCHED_PREFIX = "/api/reviews/";

  private HttpRequest template;
  private UpstreamEdits edits;

  @Setup
  public void setUp() {
    template = SampleRequests.get("reviews.bench.svc.cluster.local", "/api/reviews/12345/ratings?page=2", "user-42");
    HeaderOperations route = HeaderOperations.of(
        Map.of("x-route", "reviews-v2", "x-envoy-attempt-count", "1"),
        Map.of("x-mesh-hop", "sidecar", "x-b3-flags", "0"),
        List.of("x-forwarded-proto", "cookie"));
    HeaderOperations destination = HeaderOperations.of(Map.of("x-subset", "v2"), Map.of(), List.of());
    edits = UpstreamEdits.of(new Rewrite(Optional.of("/reviews/"), Optional.empty()),
        new HeaderPolicy(route, HeaderOperations.NONE), new HeaderPolicy(destination, HeaderOperations.NONE));
    HttpRequest probe = copy();
    edits.applyToRequest(probe, MATCHED_PREFIX);
    if (!probe.uri().equals("/reviews/12345/ratings?page=2") || probe.headers().contains("cookie")
        || !"v2".equals(probe.headers().get("x-subset"))) {
      throw new IllegalStateException("edits did not apply as the fixture expects: " + probe);
    }
  }

  @Benchmark
  public HttpRequest copyOnly() {
    return copy();
  }

  @Benchmark
  public HttpRequest applyEdits() {
    HttpRequest request = copy();
    edits.applyToRequest(request, MATCHED_PREFIX);
    return request;
  }

  private HttpRequest copy() {
    HttpHeaders headers = template.headers().copy();
    return new DefaultHttpRequest(template.protocolVersion(), template.method(), template.uri(), headers);
  }
}
