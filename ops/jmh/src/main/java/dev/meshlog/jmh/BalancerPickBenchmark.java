package dev.meshlog.jmh;

import dev.meshlog.proxy.balance.Balancer;
import dev.meshlog.proxy.balance.Balancers;
import dev.meshlog.proxy.balance.HashPolicy;
import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.LoadBalancing;
import dev.meshlog.proxy.route.Endpoint;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Balancer#pick} for each policy over 10 and 100 endpoints, with a per-request pick context
 * over the request's Netty headers as the proxy builds one. Ring hash hashes the {@code x-user}
 * header, which cycles through 1,024 users so the ring lookup lands all over the ring.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BalancerPickBenchmark {

  static final int USERS = 1024;

  @Param({"ROUND_ROBIN", "RANDOM", "LEAST_REQUEST", "RING_HASH"})
  public String policy;

  @Param({"10", "100"})
  public int endpoints;

  private Balancer<LbEndpoint<Endpoint>> balancer;
  private HttpHeaders[] requests;
  private SplittableRandom random;
  private int next;

  @Setup
  public void setUp() {
    List<LbEndpoint<Endpoint>> lbEndpoints = SampleRequests.endpoints(endpoints, "reviews").stream()
        .map(e -> LbEndpoint.of(e, e.weight(), e.ringKey())).toList();
    // Uneven in-flight counts, so least request compares real numbers rather than all zeros.
    for (int i = 0; i < lbEndpoints.size(); i++) {
      for (int n = 0; n < i % 7; n++) {
        lbEndpoints.get(i).activeRequests().increment();
      }
    }
    LoadBalancing.Kind kind = LoadBalancing.Kind.parse(policy);
    LoadBalancing lb = kind == LoadBalancing.Kind.RING_HASH
        ? LoadBalancing.ringHash(new HashPolicy.Header("x-user"), LoadBalancing.DEFAULT_MINIMUM_RING_SIZE)
        : new LoadBalancing(kind, Optional.empty(), LoadBalancing.DEFAULT_MINIMUM_RING_SIZE);
    balancer = Balancers.of(lb, lbEndpoints);
    requests = new HttpHeaders[USERS];
    for (int u = 0; u < USERS; u++) {
      requests[u] = SampleRequests.headers("reviews.bench.svc.cluster.local", "user-" + u);
    }
    random = new SplittableRandom(42);
    if (balancer.pick(new HeaderPickContext(requests[0], random)).isEmpty()) {
      throw new IllegalStateException(policy + " picked nothing from " + endpoints + " endpoints");
    }
  }

  @Benchmark
  public Optional<LbEndpoint<Endpoint>> pick() {
    HttpHeaders headers = requests[next];
    next = (next + 1) & (USERS - 1);
    return balancer.pick(new HeaderPickContext(headers, random));
  }
}
