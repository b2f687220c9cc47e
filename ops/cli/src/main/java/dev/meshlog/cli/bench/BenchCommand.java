package dev.meshlog.cli.bench;

import picocli.CommandLine.Command;

/** {@code meshlog bench ...}: measurements against a running mesh (not tests: numbers for notes). */
@Command(name = "bench", description = "Benchmarks of the mesh: numbers for notes, not tests.", subcommands = {PropagationBenchmark.class, FanoutBenchmark.class, HistoryLogBenchmark.class,
    TelemetryFreshnessBenchmark.class, BurstBenchmark.class, FoldBenchmark.class, TakeoverBenchmark.class})
public final class BenchCommand {
}
