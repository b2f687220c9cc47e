package dev.meshlog.cli.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's static files, read from the classpath next to this class: plain HTML, CSS and
 * JavaScript, no build step and nothing fetched from elsewhere. Only the files listed here are
 * served, so a request path never reaches the class loader unchecked.
 */
final class DashboardAssets {

  /** A file to send: its bytes and content type. */
  record Asset(String name, String contentType, byte[] bytes) {}

  static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8",
      "dashboard.js", "text/javascript; charset=utf-8");

  private DashboardAssets() {}

  /** The page itself, for {@code /} and {@code /index.html}, or a file under {@code /dashboard/}; empty: 404. */
  static Optional<Asset> forPath(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return Optional.of(load("index.html"));
    }
    String prefix = "/dashboard/";
    if (path.startsWith(prefix) && FILES.containsKey(path.substring(prefix.length()))) {
      return Optional.of(load(path.substring(prefix.length())));
    }
    return Optional.empty();
  }

  static Asset load(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file " + name + " is missing from the classpath");
      }
      return new Asset(name, FILES.get(name), in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard file " + name, e);
    }
  }
}
