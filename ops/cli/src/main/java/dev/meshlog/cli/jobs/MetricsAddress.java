package dev.meshlog.cli.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --metrics-address} of a long-running job (a picocli mixin): where its /metrics binds. */
final class MetricsAddress {

  @Option(names = "--metrics-address", defaultValue = "127.0.0.1",
      description = "Address /metrics binds; 0.0.0.0 in a pod, so Prometheus can scrape it (default: ${DEFAULT-VALUE}).")
  String metricsAddress;

  /** The address, or a usage error of {@code command} naming the option. */
  InetAddress resolve(CommandSpec command) {
    try {
      return InetAddress.getByName(metricsAddress);
    } catch (UnknownHostException e) {
      throw new ParameterException(command.commandLine(), "--metrics-address: not an address: " + metricsAddress);
    }
  }
}
