package dev.meshlog.proxy.authz;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One {@code when} entry: an attribute of the request ({@code key}) against values and notValues,
 * both parsed once per snapshot into a {@link Clause}.
 */
public record Condition(String key, Predicate<RequestAttributes> test) {

  /** The keys a proxy without request authentication can enforce; {@code request.headers[...]} is the other one. */
  private static final Set<String> KEYS = Set.of("source.ip", "source.namespace", "source.principal", "destination.ip",
      "destination.port", "connection.sni");

  private static final String HEADERS = "request.headers[";

  public Condition {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(test, "test");
  }

  /** Whether this proxy can enforce a condition on {@code key} (request.auth.*, remote.ip, experimental.* are not). */
  public static boolean isEnforceable(String key) {
    return KEYS.contains(key) || (key.startsWith(HEADERS) && key.endsWith("]") && key.length() > HEADERS.length() + 1);
  }

  /**
   * @throws IllegalArgumentException for a key that is not {@linkplain #isEnforceable enforceable}, or a
   *     value that key cannot take (an IP that is not one, a port that is not a number)
   */
  public static Condition of(String key, List<String> values, List<String> notValues) {
    Predicate<RequestAttributes> test = switch (key) {
      case "source.ip" -> on(ips(values), ips(notValues), RequestAttributes::sourceIp);
      case "destination.ip" -> on(ips(values), ips(notValues), RequestAttributes::destinationIp);
      case "source.namespace" -> on(patterns(values), patterns(notValues), RequestAttributes::namespace);
      case "source.principal" -> on(patterns(values), patterns(notValues), RequestAttributes::principal);
      case "connection.sni" -> on(patterns(values), patterns(notValues), RequestAttributes::sni);
      case "destination.port" -> {
        Clause<Integer> ports = new Clause<>(Ports.parse(values), Ports.parse(notValues));
        yield request -> ports.test(request.destinationPort() < 0 ? null : request.destinationPort());
      }
      default -> {
        if (!isEnforceable(key)) {
          throw new IllegalArgumentException("condition key " + key + " is not enforceable");
        }
        String header = key.substring(HEADERS.length(), key.length() - 1);
        Clause<String> clause = new Clause<>(patterns(values), patterns(notValues));
        yield request -> clause.test(request.header(header));
      }
    };
    return new Condition(key, test);
  }

  public boolean test(RequestAttributes request) {
    return test.test(request);
  }

  private static <T> Predicate<RequestAttributes> on(List<Predicate<T>> values, List<Predicate<T>> notValues,
      Function<RequestAttributes, T> attribute) {
    Clause<T> clause = new Clause<>(values, notValues);
    return request -> clause.test(attribute.apply(request));
  }

  private static List<Predicate<InetAddress>> ips(List<String> values) {
    return values.stream().<Predicate<InetAddress>>map(IpBlock::parse).toList();
  }

  private static List<Predicate<String>> patterns(List<String> values) {
    return values.stream().<Predicate<String>>map(StringPattern::parse).toList();
  }
}
