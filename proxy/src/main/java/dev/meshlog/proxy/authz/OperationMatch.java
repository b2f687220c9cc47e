package dev.meshlog.proxy.authz;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A rule's {@code to[].operation}: every field present must hold. Hosts compare case-insensitively
 * against the Host header (h2's :authority), paths against the path without its query string,
 * ports against the workload port the request came in on, methods exactly.
 */
public record OperationMatch(Clause<String> hosts, Clause<Integer> ports, Clause<String> methods, Clause<String> paths) {

  public OperationMatch {
    Objects.requireNonNull(hosts, "hosts");
    Objects.requireNonNull(ports, "ports");
    Objects.requireNonNull(methods, "methods");
    Objects.requireNonNull(paths, "paths");
  }

  /** @throws IllegalArgumentException for a port that is not a number */
  public static OperationMatch of(List<String> hosts, List<String> notHosts, List<String> ports, List<String> notPorts,
      List<String> methods, List<String> notMethods, List<String> paths, List<String> notPaths) {
    return new OperationMatch(new Clause<>(hosts(hosts), hosts(notHosts)), new Clause<>(Ports.parse(ports),
        Ports.parse(notPorts)), new Clause<>(exact(methods), exact(notMethods)), new Clause<>(exact(paths), exact(notPaths)));
  }

  public boolean test(RequestAttributes request) {
    return hosts.test(request.host()) && methods.test(request.method()) && paths.test(request.path())
        && (ports.isAny() || ports.test(request.destinationPort() < 0 ? null : request.destinationPort()));
  }

  private static List<Predicate<String>> hosts(List<String> values) {
    return values.stream().<Predicate<String>>map(v -> StringPattern.parse(v, true)).toList();
  }

  private static List<Predicate<String>> exact(List<String> values) {
    return values.stream().<Predicate<String>>map(StringPattern::parse).toList();
  }
}
