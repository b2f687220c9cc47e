package dev.meshlog.proxy;

import static dev.meshlog.proxy.HostileMesh.INBOUND;
import static dev.meshlog.proxy.HostileMesh.OUTBOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.RawH2Connection.Frame;
import dev.meshlog.proxy.listener.limits.DownstreamLimits;
import dev.meshlog.proxy.listener.limits.Rejection;
import io.netty.handler.codec.http2.Http2Error;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 abuse at both listeners with frames Netty writes, sent raw: rapid reset (CVE-2023-44487)
 * gets GOAWAY ENHANCE_YOUR_CALM and a closed connection, counted; an oversized header list is
 * refused; meanwhile an HTTP/1.1 and an HTTP/2 client are served throughout.
 */
@ExtendWith(KafkaBroker.class)
class Http2FloodIT {

  private static final int STREAMS = 1_000;

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("h2flood");

  private static HostileMesh mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = HostileMesh.start(feed, DownstreamLimits.DEFAULTS);
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private static String authority(String listener) {
    return OUTBOUND.equals(listener) ? WireSnapshots.HOST : "reviews";
  }

  @Test
  void shouldGoAwayWithEnhanceYourCalmOnRapidResetAndKeepServingOthers() throws Exception {
    try (Witness witness = Witness.start(mesh.outboundPort()); H2TestClient h2 = H2TestClient.h2c(mesh.outboundPort())) {
      assertEquals(200, h2.fetch(H2TestClient.get(WireSnapshots.HOST, "/")).status());
      for (String listener : List.of(OUTBOUND, INBOUND)) {
        long before = mesh.rejected(listener, Rejection.H2_ENHANCE_YOUR_CALM);
        List<Frame> answer;
        try (RawH2Connection attacker = new RawH2Connection(mesh.port(listener))) {
          attacker.send();
          // Each request cancelled as soon as it is sent, a thousand times, in batches as a real attacker pipelines them.
          for (int batch = 0; batch < STREAMS / 100; batch++) {
            for (int i = 0; i < 100; i++) {
              int stream = 2 * (batch * 100 + i) + 1;
              attacker.headers(stream, RawH2Connection.get(authority(listener), "/")).reset(stream);
            }
            if (!attacker.send()) {
              break;
            }
          }
          answer = attacker.readToClose();
        }
        Frame goAway = answer.stream().filter(f -> f.type() == Frame.GOAWAY).findFirst()
            .orElseThrow(() -> new AssertionError(listener + ": no GOAWAY in " + answer.size() + " frames"));
        assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAway.errorCode(), listener);
        assertEquals(before + 1, mesh.rejected(listener, Rejection.H2_ENHANCE_YOUR_CALM), listener);

        List<CompletableFuture<H2TestClient.Response>> served = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          served.add(h2.send(H2TestClient.get(WireSnapshots.HOST, "/")));
        }
        for (CompletableFuture<H2TestClient.Response> response : served) {
          assertEquals(200, response.get(60, TimeUnit.SECONDS).status(), listener + ": the HTTP/2 client after the attack");
        }
        witness.awaitMore(20);
      }
      assertEquals(List.of(), witness.failures(), "the well-behaved client's failures");
    }
  }

  @Test
  void shouldRefuseAHeaderListOverTheLimitWithoutHurtingTheConnectionsOthers() throws Exception {
    try (Witness witness = Witness.start(mesh.outboundPort())) {
      for (String listener : List.of(OUTBOUND, INBOUND)) {
        List<Frame> answer;
        try (RawH2Connection attacker = new RawH2Connection(mesh.port(listener))) {
          attacker.headers(1, RawH2Connection.get(authority(listener), "/").add("x-big", "h".repeat(200 * 1024))).send();
          answer = attacker.readToClose();
        }
        assertTrue(answer.stream().anyMatch(f -> f.type() == Frame.GOAWAY || (f.type() == Frame.RST_STREAM && f.streamId() == 1)
                || (f.type() == Frame.HEADERS && f.streamId() == 1)),
            listener + ": refused with " + answer.stream().map(f -> "type " + f.type() + " stream " + f.streamId()).toList());
        witness.awaitMore(20);
      }
      assertEquals(List.of(), witness.failures(), "the well-behaved client's failures");
    }
  }
}
