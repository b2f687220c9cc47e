package dev.meshlog.proxy;

import static dev.meshlog.proxy.HostileMesh.INBOUND;
import static dev.meshlog.proxy.HostileMesh.OUTBOUND;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.listener.limits.DownstreamLimits;
import dev.meshlog.proxy.listener.limits.Rejection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/1.1 abuse over raw sockets at both listeners (a client sidecar's outbound, a server
 * sidecar's inbound) while a well-behaved client keeps sending through both: each attacker gets its
 * documented status and a closed connection, every refusal is counted on /stats/prometheus, the
 * connection limit and the headers timeout bound what slowloris can hold, and the witness sees only 200s.
 */
@ExtendWith(KafkaBroker.class)
class Http1AbuseIT {

  private static final int MAX_CONNECTIONS = 200;
  private static final int SLOWLORIS = 1_000;

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("abuse");

  private static HostileMesh mesh;

  @BeforeAll
  static void startMesh() throws Exception {
    mesh = HostileMesh.start(feed, DownstreamLimits.DEFAULTS.withMaxConnections(MAX_CONNECTIONS)
        .withRequestHeadersTimeout(Duration.ofSeconds(10)).withIdleTimeout(Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stopMesh() {
    if (mesh != null) {
      mesh.close();
    }
  }

  private record Attack(String name, String bytes, int status, Rejection reason) {}

  private static List<Attack> attacks() {
    StringBuilder manyHeaders = new StringBuilder("GET / HTTP/1.1\r\nHost: reviews\r\n");
    for (int i = 0; i < 150; i++) {
      manyHeaders.append("x-flood-").append(i).append(": v\r\n");
    }
    return List.of(
        new Attack("garbled request line", "GET\u0001/ nonsense\r\n\r\n", 400, Rejection.MALFORMED_REQUEST),
        new Attack("invalid version", "GET / HTTP/7.Q\r\nHost: reviews\r\n\r\n", 400, Rejection.MALFORMED_REQUEST),
        new Attack("header without colon", "GET / HTTP/1.1\r\nHost reviews\r\n\r\n", 400, Rejection.MALFORMED_REQUEST),
        new Attack("smuggling: Content-Length with Transfer-Encoding",
            "POST / HTTP/1.1\r\nHost: reviews\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG",
            400, Rejection.MALFORMED_REQUEST),
        new Attack("bad chunk size", "POST / HTTP/1.1\r\nHost: reviews\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhi\r\n0\r\n\r\n",
            400, Rejection.MALFORMED_REQUEST),
        new Attack("request line over 16 KiB", "GET /" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: reviews\r\n\r\n",
            414, Rejection.REQUEST_LINE_TOO_LONG),
        new Attack("headers over 60 KiB", "GET / HTTP/1.1\r\nHost: reviews\r\nx-big: " + "h".repeat(64 * 1024) + "\r\n\r\n",
            431, Rejection.HEADERS_TOO_LARGE),
        new Attack("150 headers", manyHeaders.append("\r\n").toString(), 431, Rejection.TOO_MANY_HEADERS));
  }

  /** Writes {@code bytes}, then reads until the proxy closes the connection; what it answered. */
  private static String attack(int port, String bytes) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readToClose(socket.getInputStream());
    }
  }

  /** Everything until EOF (the proxy closed); a read timeout fails the test. */
  private static String readToClose(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // A reset after the answer: the proxy closed with our unread bytes in its buffer.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void shouldAnswerEachMalformedOrOversizedRequestWithItsStatusAndCloseWhileOthersAreServed() throws Exception {
    try (Witness witness = Witness.start(mesh.outboundPort())) {
      for (String listener : List.of(OUTBOUND, INBOUND)) {
        Map<Rejection, Long> before = new EnumMap<>(Rejection.class);
        for (Rejection reason : Rejection.values()) {
          before.put(reason, mesh.rejected(listener, reason));
        }
        Map<Rejection, Long> expected = new EnumMap<>(Rejection.class);
        for (Attack attack : attacks()) {
          String answer = attack(mesh.port(listener), attack.bytes());
          assertTrue(answer.startsWith("HTTP/1.1 " + attack.status() + " "),
              listener + ", " + attack.name() + ": " + answer.lines().findFirst().orElse("(closed without an answer)"));
          assertTrue(answer.toLowerCase().contains("connection: close"), listener + ", " + attack.name() + ": " + answer);
          expected.merge(attack.reason(), 1L, Long::sum);
        }
        for (Map.Entry<Rejection, Long> count : expected.entrySet()) {
          assertEquals(before.get(count.getKey()) + count.getValue(), mesh.rejected(listener, count.getKey()),
              listener + " " + count.getKey().label());
        }
        witness.awaitMore(20);
      }
      assertEquals(List.of(), witness.failures(), "the well-behaved client's failures");
    }
  }

  @Test
  void shouldHoldSlowlorisToTheConnectionLimitAndCutItOffAtTheHeadersTimeout() throws Exception {
    try (Witness witness = Witness.start(mesh.outboundPort())) {
      for (String listener : List.of(OUTBOUND, INBOUND)) {
        long baseline = mesh.openConnections(listener);
        long refusedBefore = mesh.rejected(listener, Rejection.CONNECTION_LIMIT);
        long timedOutBefore = mesh.rejected(listener, Rejection.REQUEST_HEADERS_TIMEOUT);
        List<Socket> attackers = new ArrayList<>(SLOWLORIS);
        try {
          for (int i = 0; i < SLOWLORIS; i++) {
            Socket socket = new Socket("127.0.0.1", mesh.port(listener));
            socket.setSoTimeout(30_000);
            attackers.add(socket);
            try {
              // Headers started and never finished: each held connection pins its partial header buffer.
              socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: reviews\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedAtAccept) {
              // refused by the connection limit already
            }
          }
          long open = mesh.openConnections(listener);
          assertTrue(open <= MAX_CONNECTIONS, listener + " holds " + open + " connections, limit " + MAX_CONNECTIONS);
          int timedOut = 0;
          for (Socket socket : attackers) {
            String answer = readToClose(socket.getInputStream());
            if (answer.startsWith("HTTP/1.1 408 ")) {
              timedOut++;
            } else {
              assertEquals("", answer, listener + ": a refused connection gets no answer");
            }
          }
          // Every attacker was either held (and cut off at the headers timeout) or refused at accept;
          // how many of each depends on how fast this machine opened them against the timeout.
          assertTrue(timedOut > 0, listener + ": none held");
          assertTrue(timedOut < SLOWLORIS, listener + ": the connection limit refused none");
          assertEquals(timedOutBefore + timedOut, mesh.rejected(listener, Rejection.REQUEST_HEADERS_TIMEOUT), listener);
          assertEquals(refusedBefore + SLOWLORIS - timedOut, mesh.rejected(listener, Rejection.CONNECTION_LIMIT), listener);
          await().atMost(Duration.ofSeconds(60)).until(() -> mesh.openConnections(listener) <= baseline);
        } finally {
          for (Socket socket : attackers) {
            socket.close();
          }
        }
        witness.awaitMore(20);
      }
      assertEquals(List.of(), witness.failures(), "the well-behaved client's failures");
    }
  }

  @Test
  void shouldCloseAKeptAliveConnectionIdleForTheIdleTimeout() throws Exception {
    try (Witness witness = Witness.start(mesh.outboundPort())) {
      for (String listener : List.of(OUTBOUND, INBOUND)) {
        long before = mesh.rejected(listener, Rejection.IDLE_TIMEOUT);
        try (Socket socket = new Socket("127.0.0.1", mesh.port(listener))) {
          socket.setSoTimeout(30_000);
          String target = OUTBOUND.equals(listener) ? "http://reviews/" : "/";
          socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: reviews\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          String answer = readToClose(socket.getInputStream());
          assertTrue(answer.startsWith("HTTP/1.1 200 "), listener + ": " + answer);
        }
        assertTrue(mesh.rejected(listener, Rejection.IDLE_TIMEOUT) > before, listener);
      }
      witness.awaitMore(20);
      assertEquals(List.of(), witness.failures(), "the well-behaved client's failures");
    }
  }
}
