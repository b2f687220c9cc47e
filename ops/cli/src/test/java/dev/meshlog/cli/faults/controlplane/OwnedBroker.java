package dev.meshlog.cli.faults.controlplane;

import dev.meshlog.kafka.local.EmbeddedKafka;
import dev.meshlog.kafka.local.SingleNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A broker this test owns, unlike the shared {@code KafkaBroker} extension's: on a fixed loopback port and data
 * directory, so it can be stopped and started again where clients expect it, with everything it had written.
 */
final class OwnedBroker implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private EmbeddedKafka broker;

  private OwnedBroker(Path dataDir, int port) throws IOException {
    this.dataDir = dataDir;
    this.port = port;
    this.broker = EmbeddedKafka.start(dataDir, port);
  }

  static OwnedBroker start(Path dataDir) throws IOException {
    return new OwnedBroker(dataDir, SingleNode.freePort());
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** A clean broker shutdown (what a rolling restart does); its clients see the connection go away. */
  synchronized void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /** Starts it again on the same port and data directory; returns once it answers. */
  synchronized void restart() throws IOException {
    if (broker == null) {
      broker = EmbeddedKafka.start(dataDir, port);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
