package dev.meshlog.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.snapshot.LiveConfig;
import dev.meshlog.proxy.snapshot.SnapshotHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The admin server's sockets, without a broker: loopback only, keep-alive, and a clean close. */
class AdminServerIT {

  private static final AdminView VIEW = new AdminView("p", new LiveConfig(), new SnapshotHistory(), () -> 0, () -> 0L, () -> 0);

  /** Reads one response whose body is {@code Content-Length} long. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed mid-response: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = Integer.parseInt(text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .findFirst().orElseThrow().substring("content-length:".length()).trim());
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void shouldBindLoopbackOnlyAndAnswerSeveralRequestsOnOneConnection() throws IOException {
    try (AdminServer server = AdminServer.bind(0, VIEW);
        Socket socket = new Socket("127.0.0.1", server.port())) {
      assertEquals("127.0.0.1:" + server.port(), server.address());
      socket.setSoTimeout(10_000);
      for (String path : new String[] {"/ready", "/stats", "/nope"}) {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String response = readResponse(socket.getInputStream());
        String expected = switch (path) {
          case "/ready" -> "HTTP/1.1 503";
          case "/stats" -> "HTTP/1.1 200";
          default -> "HTTP/1.1 404";
        };
        assertTrue(response.startsWith(expected), response);
      }
    }
  }

  @Test
  void shouldCloseOpenConnectionsWhenClosed() throws IOException {
    AdminServer server = AdminServer.bind(0, VIEW);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /ready HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      readResponse(socket.getInputStream());
      server.close();
      assertEquals(-1, socket.getInputStream().read(), "a kept-alive connection ends with the server");
    }
  }
}
