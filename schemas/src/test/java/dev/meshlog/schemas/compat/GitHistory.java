package dev.meshlog.schemas.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads committed versions of the schema folder with the git command line. */
final class GitHistory {

  private final Path repoRoot;
  private final String folder;

  GitHistory(Path schemaDir) {
    this.repoRoot = Path.of(run(schemaDir, "git", "rev-parse", "--show-toplevel").trim());
    this.folder = repoRoot.relativize(schemaDir.toAbsolutePath().normalize()).toString();
  }

  /** Commits that changed the folder, newest first. */
  List<String> commitsTouchingFolder(int limit) {
    String out = run(repoRoot, "git", "log", "-n", String.valueOf(limit), "--format=%H", "--", folder);
    return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The .avsc files of the folder as they were at {@code commit}: path -> text. */
  Map<String, String> schemasAt(String commit) {
    Map<String, String> sources = new LinkedHashMap<>();
    String files = run(repoRoot, "git", "ls-tree", "-r", "--name-only", commit, "--", folder);
    for (String file : files.split("\n")) {
      if (file.endsWith(".avsc")) {
        sources.put(file, run(repoRoot, "git", "show", commit + ":" + file));
      }
    }
    return sources;
  }

  private static String run(Path dir, String... command) {
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running git", e);
    }
  }
}
