package dev.meshlog.proxy.balance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A request as a balancer sees it: a few headers and cookies, a source IP, a seeded generator. */
final class FakeRequest implements PickContext {

  record SetCookie(String name, String value, Optional<String> path, Duration ttl) {}

  private final Map<String, String> headers;
  private final Map<String, String> cookies;
  private final Optional<String> sourceIp;
  private final RandomGenerator random;
  final List<SetCookie> generated = new ArrayList<>();

  private FakeRequest(Map<String, String> headers, Map<String, String> cookies, Optional<String> sourceIp, RandomGenerator random) {
    this.headers = headers;
    this.cookies = cookies;
    this.sourceIp = sourceIp;
    this.random = random;
  }

  static FakeRequest seeded(long seed) {
    return new FakeRequest(Map.of(), Map.of(), Optional.empty(), new SplittableRandom(seed));
  }

  FakeRequest header(String name, String value) {
    return new FakeRequest(Map.of(name, value), cookies, sourceIp, random);
  }

  FakeRequest cookie(String name, String value) {
    return new FakeRequest(headers, Map.of(name, value), sourceIp, random);
  }

  FakeRequest from(String ip) {
    return new FakeRequest(headers, cookies, Optional.of(ip), random);
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  @Override
  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  @Override
  public Optional<String> sourceIp() {
    return sourceIp;
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void generatedCookie(String name, String value, Optional<String> path, Duration ttl) {
    generated.add(new SetCookie(name, value, path, ttl));
  }
}
