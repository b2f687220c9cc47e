package dev.meshlog.proxy.route;

import java.util.List;
import java.util.Objects;

/**
 * The names a request may use for one service, and its rules in order.
 *
 * @param name the fully qualified host, which also names the route in telemetry
 */
public record VirtualHost(String name, int port, List<String> domains, List<Rule> rules) {

  public VirtualHost {
    Objects.requireNonNull(name, "name");
    domains = List.copyOf(domains);
    rules = List.copyOf(rules);
  }
}
