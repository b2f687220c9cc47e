package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.PickContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a balancer may hash on, read from the request being routed: a header, a cookie, the
 * downstream address. Built only for forwarded requests; cookies are decoded only when a ring hash
 * asks for one.
 */
final class RequestPick implements PickContext {

  private final RouteRequest request;
  private final RandomGenerator random;
  private String setCookie;

  RequestPick(RouteRequest request, RandomGenerator random) {
    this.request = request;
    this.random = random;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(request.headers().get(name));
  }

  @Override
  public Optional<String> cookie(String name) {
    String header = request.headers().get(HttpHeaderNames.COOKIE);
    if (header == null) {
      return Optional.empty();
    }
    for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
      if (cookie.name().equals(name)) {
        return Optional.of(cookie.value());
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> sourceIp() {
    return Optional.ofNullable(request.sourceIp());
  }

  /** Envoy's generated hash cookie: HttpOnly, with the policy's TTL as Max-Age and its path. */
  @Override
  public void generatedCookie(String name, String value, Optional<String> path, Duration ttl) {
    DefaultCookie cookie = new DefaultCookie(name, value);
    cookie.setMaxAge(ttl.toSeconds());
    path.ifPresent(cookie::setPath);
    cookie.setHttpOnly(true);
    setCookie = ServerCookieEncoder.STRICT.encode(cookie);
  }

  /** The Set-Cookie value of a cookie the pick made up, null when it made none. */
  String setCookie() {
    return setCookie;
  }

  @Override
  public RandomGenerator random() {
    return random;
  }
}
