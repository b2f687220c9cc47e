package dev.meshlog.cli.bench;

import picocli.CommandLine.Command;

/** {@code meshlog bench ...}: measurements against a running mesh (not tests: numbers for notes). */
@Command(name = "bench", description = "Benchmarks against a running mesh.", subcommands = PropagationBenchmark.class)
public final class BenchCommand {
}
