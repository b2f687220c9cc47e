package dev.meshlog.cli.demo;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Light background traffic through a client sidecar, so {@code meshlog top} has something to show. */
final class DemoTraffic implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-traffic");
    t.setDaemon(true);
    return t;
  });

  /** @param ready whether to send yet: nothing is sent until it says so */
  DemoTraffic(int clientSidecarPort, URI target, Duration every, BooleanSupplier ready) {
    HttpClient client = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", clientSidecarPort)))
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).build();
    timer.scheduleAtFixedRate(() -> {
      if (!ready.getAsBoolean()) {
        return;
      }
      try {
        client.send(request, HttpResponse.BodyHandlers.discarding());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.debug("demo request failed: {}", e.toString());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
