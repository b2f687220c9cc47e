package dev.meshlog.jmh;

import dev.meshlog.proxy.balance.PickContext;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The balancer's view of a Netty request, built once per pick as the proxy's own (package-private)
 * {@code RequestPick} is, so the benchmark pays the same header lookup and allocation.
 */
final class HeaderPickContext implements PickContext {

  private final HttpHeaders headers;
  private final RandomGenerator random;

  HeaderPickContext(HttpHeaders headers, RandomGenerator random) {
    this.headers = headers;
    this.random = random;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  @Override
  public RandomGenerator random() {
    return random;
  }
}
