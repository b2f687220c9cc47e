package dev.meshlog.cli.faults.dataplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.faults.ClientTraffic;
import dev.meshlog.cli.metrics.StoreMetricSource;
import dev.meshlog.cli.metrics.TelemetryServer;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.telemetry.PipelineConfig;
import dev.meshlog.telemetry.TelemetryPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry pipeline stopped for a minute (closed) while traffic goes on, then restarted on the same state
 * dir, with /metrics served from its stores as {@code meshlog up} does. Proxies keep producing telemetry to the
 * log meanwhile, so nothing is lost: the restarted pipeline folds the backlog exactly once.
 */
@ExtendWith(KafkaBroker.class)
class PipelineOutageIT {

  private static final Logger log = LoggerFactory.getLogger(PipelineOutageIT.class);
  private static final URI REVIEWS = URI.create("http://reviews/");
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  private record Scrape(int status, long served, long okSoFar, String body) {}

  @Test
  void shouldCountEveryRequestExactlyOnceAfterAMinuteWithoutThePipeline() throws Exception {
    try (DataPlaneMesh mesh = new DataPlaneMesh(SidecarTuning.defaults())) {
      PipelineConfig config = PipelineConfig.defaults(mesh.bootstrap, mesh.topics, mesh.state.resolve("telemetry"))
          .withApplicationId(mesh.prefix + "telemetry");
      AtomicReference<TelemetryPipeline> pipeline = new AtomicReference<>(TelemetryPipeline.start(config));
      try (StoreMetricSource source = StoreMetricSource.start(pipeline::get, Clock.systemUTC());
          TelemetryServer server = TelemetryServer.start(source, 0, Clock.systemUTC())) {
        pipeline.get().awaitRunning(WAIT);
        URI metrics = URI.create(server.url() + "/metrics");
        long warmUp = ProxyRestartIT.awaitBothReplicasAnswer(mesh.client);
        ClientTraffic traffic = ClientTraffic.start(mesh.client.outboundPort(), REVIEWS, 2, Duration.ofMillis(20));
        List<Scrape> duringOutage = new ArrayList<>();
        long okAtRestart;
        Duration catchUp;
        Duration stopTook;
        try {
          await().atMost(WAIT).until(() -> served(metrics) >= 300);

          Instant stop = Instant.now();
          pipeline.get().close();
          stopTook = Duration.between(stop, Instant.now());
          long frozen = served(metrics);
          // The minute without a pipeline: every scrape is the last good answer (or 503), never a wrong number.
          await().during(OUTAGE).atMost(OUTAGE.plusSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long okSoFar = warmUp + traffic.succeeded();
            HttpResponse<String> r = get(metrics);
            Scrape s = new Scrape(r.statusCode(), r.statusCode() == 200 ? destinationOk(r.body()) : -1, okSoFar, r.body());
            duringOutage.add(s);
            return s.status() == 200 ? s.served() == frozen : s.status() == 503 && s.body().contains("not running");
          });

          Instant restart = Instant.now();
          okAtRestart = warmUp + traffic.succeeded();
          pipeline.set(TelemetryPipeline.start(config));
          pipeline.get().awaitRunning(WAIT);
          await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> served(metrics) >= okAtRestart);
          catchUp = Duration.between(restart, Instant.now());
          long okNow = traffic.succeeded();
          await().atMost(WAIT).until(() -> traffic.succeeded() > okNow + 100);
        } finally {
          traffic.close();
        }
        long ok = warmUp + traffic.succeeded();
        await().atMost(WAIT).until(() -> served(metrics) >= ok);
        // Nothing counted twice, also once the last windows settle.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30)).until(() -> served(metrics) == ok);

        log.info("pipeline outage: {} requests ok, {} failed; /metrics counted {} (destination reporter, 200) of {} "
                + "sent; close took {} ms; {} scrapes during the {} s outage, statuses {}, each serving {}; caught up "
                + "with the {} requests sent before the restart {} ms after it; telemetry dropped by sidecars {}",
            ok, traffic.failures().size(), served(metrics), ok, stopTook.toMillis(), duringOutage.size(),
            OUTAGE.toSeconds(), duringOutage.stream().map(Scrape::status).distinct().toList(),
            duringOutage.stream().map(Scrape::served).distinct().toList(), okAtRestart, catchUp.toMillis(),
            mesh.replicas.stream().mapToLong(Sidecar::telemetryDropped).sum() + mesh.client.telemetryDropped());
        assertEquals(List.of(), traffic.failures(), "the application saw failed requests");
        assertTrue(duringOutage.stream().allMatch(s -> s.status() == 200 && s.served() <= s.okSoFar()),
            "a scrape during the outage counted requests that had not succeeded: " + duringOutage);
        assertEquals(ok, served(metrics));
      } finally {
        pipeline.get().close();
      }
    }
  }

  /** The destination reporter's count of 200 answers on /metrics, over every series. */
  private static long served(URI metrics) throws Exception {
    HttpResponse<String> r = get(metrics);
    assertEquals(200, r.statusCode(), r.body());
    return destinationOk(r.body());
  }

  static long destinationOk(String prometheusText) {
    return prometheusText.lines()
        .filter(l -> l.startsWith("meshlog_requests_total{") && l.contains("reporter=\"destination\"")
            && l.contains("response_code=\"200\""))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1).trim()))
        .sum();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
