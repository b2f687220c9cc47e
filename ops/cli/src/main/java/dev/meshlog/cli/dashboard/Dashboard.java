package dev.meshlog.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.meshlog.cli.metrics.TelemetryServer;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of {@code meshlog up}, mounted on the telemetry server: the page at {@code /},
 * its files under {@code /dashboard/}, and the JSON it reads besides /api/graph: {@code /api/proxies}
 * and {@code /api/history?limit=N}. Proxy states come from a tail kept in memory ({@link SyncStateTail});
 * history reads the end of the policy log per call (well under a second: it never scans the whole log).
 */
public final class Dashboard implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

  private final String bootstrap;
  private final Topics topics;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final SyncStateTail syncState;
  private final DeadLetterPublisher deadLetters;
  private final String url;

  private Dashboard(String bootstrap, Topics topics, Clock clock, String url) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.clock = clock;
    this.url = url;
    // `up` tails these topics for as long as it runs: a job, so its undecodable records are dead-lettered and counted
    this.deadLetters = new DeadLetterPublisher(bootstrap, Map.of(), topics.deadLetter(), new DeadLetterCounts("up"));
    this.syncState = SyncStateTail.start(bootstrap, topics, deadLetters);
  }

  /** Serves the dashboard from {@code server} until closed (close it before the server). */
  public static Dashboard mount(TelemetryServer server, String bootstrap, Topics topics, Clock clock) {
    Dashboard d = new Dashboard(bootstrap, topics, clock, server.url() + "/");
    server.mount("/", ex -> d.respond(ex, () -> DashboardAssets.forPath(ex.getRequestURI().getPath())
        .map(a -> new Reply(200, a.contentType(), a.bytes()))
        .orElseGet(() -> Reply.text(404, "not found: " + ex.getRequestURI().getPath() + " (the dashboard is at /)\n"))));
    server.mount("/api/proxies", ex -> d.respond(ex, () -> d.jsonReply(d.proxies())));
    server.mount("/api/history", ex -> d.respond(ex, () -> d.jsonReply(d.history(limitOf(ex)))));
    return d;
  }

  /** The page's address: {@code http://127.0.0.1:PORT/}. */
  public String url() {
    return url;
  }

  /** The records of mesh.proxy.status and mesh.cluster.events the dashboard's tail could not decode (job "up"). */
  public DeadLetterCounts deadLetters() {
    return deadLetters.counts();
  }

  @Override
  public void close() {
    syncState.close();
    deadLetters.close();
  }

  Map<String, Object> proxies() {
    return ProxiesJson.of(syncState.statuses(), syncState.workloads(), clock.instant());
  }

  Map<String, Object> history(int limit) {
    return HistoryJson.of(PolicyLogTail.newest(bootstrap, topics.policyEvents(), limit), limit, clock.instant());
  }

  private static int limitOf(HttpExchange ex) {
    String raw = ex.getRequestURI().getRawQuery();
    Optional<String> limit = Optional.empty();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (k.equals("limit")) {
          limit = Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return HistoryJson.limit(limit.orElse(null));
  }

  private record Reply(int status, String contentType, byte[] body) {
    static Reply text(int status, String message) {
      return new Reply(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
    }
  }

  private interface ReplySupplier {
    Reply get() throws IOException;
  }

  private Reply jsonReply(Object value) throws IOException {
    return new Reply(200, "application/json", json.writeValueAsBytes(value));
  }

  private void respond(HttpExchange ex, ReplySupplier supplier) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      Reply reply;
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        reply = Reply.text(405, "method " + method + " not allowed: use GET\n");
      } else {
        try {
          reply = supplier.get();
        } catch (SyncStateTail.NotReady e) {
          reply = Reply.text(503, e.getMessage() + "\n");
        } catch (IllegalArgumentException e) {
          // A bad query parameter: the message names it.
          reply = Reply.text(400, e.getMessage() + "\n");
        } catch (RuntimeException | IOException e) {
          log.warn("{} failed: {}", ex.getRequestURI().getPath(), e.toString());
          reply = Reply.text(500, "internal error: " + e.getMessage() + "\n");
        }
      }
      ex.getResponseHeaders().set("Content-Type", reply.contentType());
      // The page polls; a cached answer would show a stale mesh, and a cached page an old UI.
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      boolean head = "HEAD".equals(method);
      ex.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(reply.body());
        }
      }
    }
  }
}
