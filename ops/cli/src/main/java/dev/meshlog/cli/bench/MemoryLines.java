package dev.meshlog.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** The memory part of a benchmark report: one line per process, and how it was measured. */
final class MemoryLines {

  private MemoryLines() {}

  static void print(PrintWriter out, List<MeasuredJvm.Memory> memory) {
    out.println("memory at the end (heap used right after a full GC: jcmd GC.run + GC.heap_info for the child JVMs,"
        + " MemoryMXBean after System.gc() for this one; RSS: VmRSS of /proc/<pid>/status):");
    for (MeasuredJvm.Memory m : memory) {
      out.printf(Locale.ROOT, "  %-30s pid %-8d heap after GC %s, RSS %s%n", m.role(), m.pid(), mb(m.heapUsedAfterGc()), mb(m.rss()));
    }
    out.printf(Locale.ROOT, "machine: %d cores, load average (1, 5, 15 min) at the end: %s%n", Runtime.getRuntime().availableProcessors(),
        loadAverage());
  }

  /** Other work on the machine stretches every time above: say how busy it was. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "n/a";
    }
  }

  static String mb(OptionalLong bytes) {
    return bytes.isPresent() ? String.format(Locale.ROOT, "%,d MB", bytes.getAsLong() >> 20) : "n/a";
  }
}
