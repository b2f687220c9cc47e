package dev.meshlog.cli.bench;

import picocli.CommandLine.Option;

/**
 * How big a simulated mesh a fan-out style benchmark seeds (a picocli mixin beside {@link BenchTarget}): the same
 * options and defaults for {@code bench fanout} and {@code bench takeover}, so their tables compare.
 * {@code bench burst} and {@code bench fold} keep their own, smaller or larger, defaults.
 */
final class MeshSize {

  @Option(names = "--proxies", defaultValue = "100", description = "Simulated proxies (default: ${DEFAULT-VALUE}).")
  int proxies;

  @Option(names = "--services", defaultValue = "1000", description = "Services, one endpoint each (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--namespaces", defaultValue = "10", description = "Namespaces the services and proxies spread over (default: ${DEFAULT-VALUE}).")
  int namespaces;

  /** The layout of this size with {@code changes} weight flips; checks the sizes (an IllegalArgumentException names the option). */
  MeshLayout layout(int changes, MeshLayout.Scope scope) {
    return new MeshLayout(proxies, services, namespaces, changes, scope);
  }
}
