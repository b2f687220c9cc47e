package dev.meshlog.proxy.authz;

import java.util.List;
import java.util.function.Predicate;

/** Istio's {@code ports} and destination.port values: decimal port numbers, matched exactly. */
final class Ports {

  private Ports() {}

  /** @throws IllegalArgumentException naming a value that is not a port number */
  static List<Predicate<Integer>> parse(List<String> values) {
    return values.stream().<Predicate<Integer>>map(Ports::port).toList();
  }

  private static Predicate<Integer> port(String value) {
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port " + value + " is not a number", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + value + " is out of range");
    }
    return candidate -> candidate != null && candidate == port;
  }
}
