package dev.meshlog.cli.faults.dataplane;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxyAck;
import dev.meshlog.cli.faults.ClientTraffic;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarTuning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarting a proxy, as Kubernetes restarts a pod's sidecar (SIGTERM: close with its drain, then a new sidecar
 * with the same identity), while an application sends steady traffic through the mesh.
 */
@ExtendWith(KafkaBroker.class)
class ProxyRestartIT {

  private static final Logger log = LoggerFactory.getLogger(ProxyRestartIT.class);
  private static final URI REVIEWS = URI.create("http://reviews/");
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void shouldFailNoRequestWhileAReplicasSidecarRestartsAndComeBackWithTheSameSnapshot() throws Exception {
    try (DataPlaneMesh mesh = new DataPlaneMesh(SidecarTuning.defaults().withTerminationDrain(SidecarTuning.DEFAULT_TERMINATION_DRAIN))) {
      awaitBothReplicasAnswer(mesh.client);
      Sidecar old = mesh.replicas.get(0);
      String replicaHash = old.appliedHash();
      String clientHash = mesh.client.appliedHash();
      int inboundPort = old.inboundPort();
      ClientTraffic traffic = ClientTraffic.start(mesh.client.outboundPort(), REVIEWS, 4, Duration.ofMillis(5));
      long ackedAfter;
      Duration peersDropped;
      Duration stopped;
      Duration backInConfig;
      boolean acceptingWhenDropped;
      try {
        await().atMost(WAIT).until(() -> traffic.succeeded() > 100);

        // SIGTERM, on its own thread as the kubelet's: the drain holds it while peers stop routing here.
        Instant sigterm = Instant.now();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(old::close);
        await().atMost(WAIT).until(() -> !mesh.client.appliedHash().equals(clientHash));
        peersDropped = Duration.between(sigterm, Instant.now());
        acceptingWhenDropped = accepts(inboundPort);
        stopping.get(60, TimeUnit.SECONDS);
        stopped = Duration.between(sigterm, Instant.now());
        assertFalse(accepts(inboundPort), "closed listeners after the drain");
        long okWhileAway = traffic.succeeded();

        Instant restart = Instant.now();
        Sidecar fresh = mesh.startSidecar(mesh.replicaConfig(old.proxyId(), inboundPort, mesh.backends.get(0).port()));
        await().atMost(WAIT).until(() -> fresh.appliedHash().equals(replicaHash));
        List<ProxyAck> acks = await().atMost(WAIT).until(
            () -> AckLog.acksOf(mesh.bootstrap, mesh.topics, fresh.proxyId(), restart), a -> a.stream()
                .anyMatch(ack -> ack.getNonce().equals(replicaHash)));
        ackedAfter = Duration.between(restart, acks.get(acks.size() - 1).getTime()).toMillis();
        await().atMost(WAIT).until(() -> mesh.client.appliedHash().equals(clientHash));
        backInConfig = Duration.between(restart, Instant.now());
        awaitBothReplicasAnswer(mesh.client);
        await().atMost(WAIT).until(() -> traffic.succeeded() > okWhileAway + 100);
      } finally {
        traffic.close();
      }
      log.info("proxy restart: {} requests ok, {} failed; client config dropped the replica {} ms after SIGTERM, sidecar "
              + "stopped after {} ms; restarted sidecar ACKed its snapshot {} ms after start, back in the client's config "
              + "after {} ms", traffic.succeeded(), traffic.failures().size(), peersDropped.toMillis(), stopped.toMillis(),
          ackedAfter, backInConfig.toMillis());
      assertEquals(List.of(), traffic.failures(), "the application saw failed requests");
      assertTrue(acceptingWhenDropped, "the stopping sidecar must still accept while peers drop it (dropped after "
          + peersDropped.toMillis() + " ms)");
    }
  }

  /**
   * With the engine stopped: running proxies keep their last good config; a restarted proxy gets its last snapshot
   * back from the compacted log (unlike Envoy, whose restarted proxy has nothing until istiod answers); a proxy the
   * control plane never configured is not ready and answers 503 NC, until the engine is back.
   */
  @Test
  void shouldServeOnLastGoodConfigAndRefuseWithoutConfigWhileTheEngineIsDown() throws Exception {
    try (DataPlaneMesh mesh = new DataPlaneMesh(SidecarTuning.defaults().withTerminationDrain(SidecarTuning.DEFAULT_TERMINATION_DRAIN))) {
      awaitBothReplicasAnswer(mesh.client);
      String clientHash = mesh.client.appliedHash();
      int outbound = mesh.client.outboundPort();
      mesh.stopEngine();

      ClientTraffic duringOutage = ClientTraffic.start(outbound, REVIEWS, 4, Duration.ofMillis(5));
      try {
        await().atMost(WAIT).until(() -> duringOutage.succeeded() >= 300);
      } finally {
        duringOutage.close();
      }
      assertEquals(List.of(), duringOutage.failures(), "requests failed on the last good config");

      // The client's own sidecar restarts (its app's requests cannot go anywhere meanwhile, so no traffic across it).
      Instant restart = Instant.now();
      Sidecar restarted = mesh.restart(mesh.client, mesh.clientConfig("client", outbound));
      mesh.client = restarted;
      await().atMost(WAIT).until(() -> restarted.appliedHash().equals(clientHash));
      Duration readyAfter = Duration.between(restart, Instant.now());
      assertEquals(200, admin(restarted, "/ready").statusCode());
      ClientTraffic afterRestart = ClientTraffic.start(outbound, REVIEWS, 4, Duration.ofMillis(5));
      try {
        await().atMost(WAIT).until(() -> afterRestart.succeeded() >= 300);
      } finally {
        afterRestart.close();
      }
      assertEquals(List.of(), afterRestart.failures(), "the restarted client failed requests on its logged snapshot");

      // A proxy that never had config: nothing to serve, and it says so.
      Sidecar newcomer = mesh.startSidecar(mesh.clientConfig("client-new", 0));
      HttpClient http = through(newcomer);
      await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> newcomer.appliedVersion() < 0
          && admin(newcomer, "/ready").statusCode() == 503);
      assertEquals("PRE_INITIALIZING\n", admin(newcomer, "/ready").body());
      HttpResponse<String> refused = http.send(HttpRequest.newBuilder(REVIEWS).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("NC", refused.headers().firstValue("x-meshlog-response-flags").orElse(""));
      assertTrue(refused.body().contains("no configuration from the control plane"), refused.body());

      Instant engineBack = Instant.now();
      mesh.startEngine();
      await().atMost(WAIT).until(() -> admin(newcomer, "/ready").statusCode() == 200);
      Duration newcomerReady = Duration.between(engineBack, Instant.now());
      HttpResponse<String> served = http.send(HttpRequest.newBuilder(REVIEWS).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode(), served.body());
      log.info("engine down: {} requests ok / {} failed on last good config; restarted client served its logged "
              + "snapshot after {} ms ({} ok / {} failed); a new proxy answered 503 NC until the engine was back, then was "
              + "ready {} ms after the engine's start", duringOutage.succeeded(), duringOutage.failures().size(),
          readyAfter.toMillis(), afterRestart.succeeded(), afterRestart.failures().size(), newcomerReady.toMillis());
    }
  }

  static HttpClient through(Sidecar sidecar) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", sidecar.outboundPort())))
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpResponse<String> admin(Sidecar sidecar, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.adminPort() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Requests through {@code client} until both replicas have answered; returns how many were answered 200. */
  static long awaitBothReplicasAnswer(Sidecar client) {
    HttpClient http = through(client);
    Set<String> answered = new HashSet<>();
    long[] ok = {0};
    // A request refused or timed out before the first snapshots arrive (or on a loaded machine) is just asked again.
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(REVIEWS).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        ok[0]++;
        answered.add(r.body().trim());
      }
      return answered.containsAll(Set.of("reviews replica-a", "reviews replica-b"));
    });
    return ok[0];
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
