package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.kafka.local.EmbeddedKafka;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A long-running job started before its broker waits for it; with no broker at all it gives up, naming the address. */
class MeshConnectionIT {

  private static MeshConnection connectingTo(String bootstrap) {
    MeshConnection connection = new MeshConnection();
    new CommandLine(connection).parseArgs("--bootstrap", bootstrap);
    return connection;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void shouldWaitForABrokerThatStartsAfterTheJob(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    MeshConnection connection = connectingTo("127.0.0.1:" + port);
    CompletableFuture<String> reached = CompletableFuture.supplyAsync(() -> {
      try {
        return connection.awaitReachableBootstrap(Duration.ofMinutes(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    // The job has found nothing yet (its first 6 s try fails), and is still waiting, not failed.
    assertTrue(!reached.isDone());
    try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port)) {
      assertEquals("127.0.0.1:" + port, reached.get(2, TimeUnit.MINUTES));
    }
  }

  @Test
  void shouldGiveUpAfterItsPatienceNamingTheAddress() throws Exception {
    int port = freePort();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> connectingTo("127.0.0.1:" + port).awaitReachableBootstrap(Duration.ofSeconds(1)));
    assertTrue(e.getMessage().startsWith("cannot reach Kafka at 127.0.0.1:" + port), e.getMessage());
  }
}
