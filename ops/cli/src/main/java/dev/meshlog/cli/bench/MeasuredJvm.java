package dev.meshlog.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM on this JVM's class path (the broker or the engine of a self-contained run), its
 * output in a file, and how much memory it holds: resident set size from {@code /proc/<pid>/status}
 * and heap used right after a full GC, asked of the JVM with {@code jcmd <pid> GC.run} then
 * {@code GC.heap_info} (G1 is forced so that output has one known shape).
 */
final class MeasuredJvm implements AutoCloseable {

  /** What one process holds; empty where it could not be read (no /proc, no jcmd). */
  record Memory(String role, long pid, OptionalLong heapUsedAfterGc, OptionalLong rss) {}

  private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final String role;
  private final Process process;
  private final Path log;
  private final boolean stopsAtEndOfInput;

  private MeasuredJvm(String role, Process process, Path log, boolean stopsAtEndOfInput) {
    this.role = role;
    this.process = process;
    this.log = log;
    this.stopsAtEndOfInput = stopsAtEndOfInput;
  }

  /** {@code stopsAtEndOfInput}: closing its standard input ends it cleanly (the broker), else SIGTERM does. */
  static MeasuredJvm start(String role, String maxHeap, Path log, boolean stopsAtEndOfInput, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms256m", "-Xmx" + maxHeap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        mainClass));
    command.addAll(command.size() - 1, extraOptions(role));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new MeasuredJvm(role, process, log, stopsAtEndOfInput);
  }

  /**
   * JVM options for one role from the system property {@code meshlog.bench.<role>.jvm} (space-separated), so a run can
   * profile a child, e.g. {@code -Dmeshlog.bench.engine.jvm=-XX:StartFlightRecording=filename=/tmp/engine.jfr}.
   */
  static List<String> extraOptions(String role) {
    String options = System.getProperty("meshlog.bench." + role + ".jvm", "").trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /** The first output line starting with {@code prefix}, waiting for it; fails if the process ended first. */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line = output().lines().filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the " + role + " JVM exited (" + process.exitValue() + ") before it was ready:\n" + tail());
      }
      Thread.sleep(100); // polling a log file: there is nothing to wait on
    }
    throw new IllegalStateException("the " + role + " JVM was not ready within " + timeout + ":\n" + tail());
  }

  /** Every output line so far that starts with {@code prefix}, oldest first. */
  List<String> linesStartingWith(String prefix) {
    return output().lines().filter(l -> l.startsWith(prefix)).toList();
  }

  /** SIGKILL, as a crashed machine or an OOM-killed pod would end it: no close, no leaving its groups. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String role() {
    return role;
  }

  Memory memory() {
    return new Memory(role, process.pid(), heapAfterGc(process.pid()), rss(process.pid()));
  }

  /** The same measure of this JVM (the simulated proxies and the benchmark's own clients). */
  static Memory self(String role) {
    System.gc();
    System.gc();
    long pid = ProcessHandle.current().pid();
    return new Memory(role, pid, OptionalLong.of(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()), rss(pid));
  }

  private static OptionalLong heapAfterGc(long pid) {
    try {
      jcmd(pid, "GC.run");
      Matcher used = G1_USED.matcher(jcmd(pid, "GC.heap_info"));
      return used.find() ? OptionalLong.of(Long.parseLong(used.group(1)) << 10) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  private static String jcmd(long pid, String what) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), what).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static OptionalLong rss(long pid) {
    try {
      Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) << 10) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  private String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private String tail() {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  /** Its stop signal (end of input or SIGTERM), then a kill if it lingers. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!stopsAtEndOfInput || !process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
