package dev.meshlog.proxy;

import static dev.meshlog.proxy.WireSnapshots.clusterConfig;
import static dev.meshlog.proxy.WireSnapshots.endpoint;
import static dev.meshlog.proxy.WireSnapshots.weighted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.KafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/1.1 details a proxy must get right, over a raw client socket: {@code Expect: 100-continue},
 * HEAD framing on a kept-alive connection, and upgrade requests (refused deliberately: the upgrade
 * headers are hop-by-hop, so the request reaches the app as a plain request and no tunnel opens).
 */
@ExtendWith(KafkaBroker.class)
class HttpSemanticsIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("semantics");

  private static Sidecar clientFor(BackendApp app) throws Exception {
    return feed.clientApplying(id -> WireSnapshots.snapshot(id, 1, List.of(weighted("", 100)),
        List.of(clusterConfig("", List.of(endpoint(app.port(), "reviews-v1", "v1"))))));
  }

  /** Reads a response head: the status line and header lines, up to the blank line. */
  private static List<String> head(BufferedReader in) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      lines.add(line);
    }
    return lines;
  }

  private static String header(List<String> head, String name) {
    return head.stream().filter(l -> l.toLowerCase().startsWith(name + ":"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
  }

  @Test
  void shouldRelayTheUpstreams100ContinueBeforeTheBodyIsSent() throws Exception {
    try (BackendApp app = BackendApp.start("echo"); Sidecar client = clientFor(app);
        Socket socket = new Socket("127.0.0.1", client.outboundPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write(("POST /echo HTTP/1.1\r\nHost: reviews\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> interim = head(in);
      assertEquals("HTTP/1.1 100 Continue", interim.get(0), "before the body: " + interim);
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> response = head(in);
      assertTrue(response.get(0).startsWith("HTTP/1.1 200"), response.toString());
      char[] body = new char[5];
      if ("chunked".equals(header(response, "transfer-encoding"))) {
        assertEquals("5", in.readLine().trim());
      }
      assertEquals(5, in.read(body));
      assertEquals("hello", new String(body));
    }
  }

  @Test
  void shouldFrameAHeadResponseWithoutABodyAndKeepTheConnection() throws Exception {
    try (BackendApp app = BackendApp.start("reviews-app"); Sidecar client = clientFor(app);
        Socket socket = new Socket("127.0.0.1", client.outboundPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write("HEAD / HTTP/1.1\r\nHost: reviews\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> headResponse = head(in);
      assertTrue(headResponse.get(0).startsWith("HTTP/1.1 200"), headResponse.toString());
      // The next bytes on the connection must be the next response, not a body of the HEAD response.
      out.write("GET / HTTP/1.1\r\nHost: reviews\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> getResponse = head(in);
      assertTrue(getResponse.get(0).startsWith("HTTP/1.1 200"), getResponse.toString());
      assertEquals("11", header(getResponse, "content-length"));
      char[] body = new char[11];
      assertEquals(11, in.read(body));
      assertEquals("reviews-app", new String(body));
      assertEquals(2, app.requests());
    }
  }

  @Test
  void shouldServeAnUpgradeRequestAsAPlainRequestWithoutTheUpgradeHeaders() throws Exception {
    try (BackendApp app = BackendApp.start("plain"); Sidecar client = clientFor(app);
        Socket socket = new Socket("127.0.0.1", client.outboundPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write(("GET /chat HTTP/1.1\r\nHost: reviews\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> response = head(in);
      assertTrue(response.get(0).startsWith("HTTP/1.1 200"), "no switch of protocols: " + response);
      assertFalse(app.lastHeaders().stream().anyMatch(h -> h.startsWith("upgrade:")), "app saw " + app.lastHeaders());
    }
  }
}
