package dev.meshlog.proxy;

import static dev.meshlog.proxy.TcpSidecars.connect;
import static dev.meshlog.proxy.TcpSidecars.roundTrip;
import static dev.meshlog.proxy.TcpSnapshots.clusterConfig;
import static dev.meshlog.proxy.TcpSnapshots.endpoint;
import static dev.meshlog.proxy.TcpSnapshots.route;
import static dev.meshlog.proxy.TcpSnapshots.weighted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.kafka.local.KafkaBroker;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A new snapshot changes where new TCP connections go and which ports listen, never an open connection. */
@ExtendWith(KafkaBroker.class)
class TcpSnapshotSwapIT {

  @RegisterExtension
  static final SnapshotFeed feed = new SnapshotFeed("tcp-swap");

  @Test
  void shouldKeepAnOpenConnectionOnItsClusterWhileNewConnectionsGoToTheNewOne() throws Exception {
    int port = TcpSnapshots.freePort();
    try (TcpBackend a = TcpBackend.start(TcpBackend.Mode.ECHO); TcpBackend b = TcpBackend.start(TcpBackend.Mode.ECHO);
        Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults())) {
      TcpSidecars.apply(feed, sidecar, 1, List.of(route("db", port, List.of(weighted("db", port, "a", 100)))),
          List.of(clusterConfig("db", port, "a", List.of(endpoint(a.port())))));
      try (Socket before = connect(port)) {
        assertEquals("one", roundTrip(before, "one"));

        TcpSidecars.apply(feed, sidecar, 2, List.of(route("db", port, List.of(weighted("db", port, "b", 100)))),
            List.of(clusterConfig("db", port, "b", List.of(endpoint(b.port())))));
        assertEquals(Set.of(port), sidecar.tcpPorts());
        assertEquals("two", roundTrip(before, "two"));
        try (Socket after = connect(port)) {
          assertEquals("three", roundTrip(after, "three"));
        }
      }
      assertEquals(1, a.connections());
      assertEquals(6, a.received());
      assertEquals(1, b.connections());
      assertEquals(5, b.received());
    }
  }

  @Test
  void shouldStopAcceptingOnARemovedRoutesPortButKeepItsOpenConnections() throws Exception {
    int kept = TcpSnapshots.freePort();
    int removed = TcpSnapshots.freePort();
    try (TcpBackend echo = TcpBackend.start(TcpBackend.Mode.ECHO);
        Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults())) {
      TcpSidecars.apply(feed, sidecar, 1,
          List.of(route("db", kept, List.of(weighted("db", kept, "", 100))),
              route("cache", removed, List.of(weighted("cache", removed, "", 100)))),
          List.of(clusterConfig("cache", removed, "", List.of(endpoint(echo.port()))),
              clusterConfig("db", kept, "", List.of(endpoint(echo.port())))));
      assertEquals(Set.of(kept, removed), sidecar.tcpPorts());
      try (Socket open = connect(removed)) {
        assertEquals("before", roundTrip(open, "before"));

        TcpSidecars.apply(feed, sidecar, 2, List.of(route("db", kept, List.of(weighted("db", kept, "", 100)))),
            List.of(clusterConfig("db", kept, "", List.of(endpoint(echo.port())))));
        assertEquals(Set.of(kept), sidecar.tcpPorts());
        assertThrows(ConnectException.class, () -> connect(removed).close());
        assertEquals("after the swap", roundTrip(open, "after the swap"));
        try (Socket other = connect(kept)) {
          assertEquals("kept", roundTrip(other, "kept"));
        }
      }
    }
  }

  @Test
  void shouldOpenAListenerForARouteAddedLater() throws Exception {
    int first = TcpSnapshots.freePort();
    int added = TcpSnapshots.freePort();
    try (TcpBackend echo = TcpBackend.start(TcpBackend.Mode.ECHO);
        Sidecar sidecar = TcpSidecars.start(feed, SidecarTuning.defaults())) {
      TcpSidecars.apply(feed, sidecar, 1, List.of(route("db", first, List.of(weighted("db", first, "", 100)))),
          List.of(clusterConfig("db", first, "", List.of(endpoint(echo.port())))));
      assertThrows(ConnectException.class, () -> connect(added).close());
      TcpSidecars.apply(feed, sidecar, 2,
          List.of(route("cache", added, List.of(weighted("cache", added, "", 100))),
              route("db", first, List.of(weighted("db", first, "", 100)))),
          List.of(clusterConfig("cache", added, "", List.of(endpoint(echo.port()))),
              clusterConfig("db", first, "", List.of(endpoint(echo.port())))));
      try (Socket socket = connect(added)) {
        assertEquals("new", roundTrip(socket, "new"));
      }
    }
  }
}
