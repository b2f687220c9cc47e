package dev.meshlog.cli.bench;

import dev.meshlog.kafka.local.EmbeddedKafka;
import java.io.IOException;
import java.io.InputStream;

/**
 * The benchmark's broker in its own JVM, so its heap and resident memory are measured apart from the
 * engine's: starts a throw-away {@link EmbeddedKafka}, prints {@code bootstrap=HOST:PORT}, and stops
 * when its standard input closes (the benchmark ended or died: the broker never outlives it).
 */
public final class BenchBroker {

  static final String READY_PREFIX = "bootstrap=";

  private BenchBroker() {}

  public static void main(String[] args) throws IOException {
    try (EmbeddedKafka broker = EmbeddedKafka.startTemporary()) {
      System.out.println(READY_PREFIX + broker.bootstrapServers());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // nothing is ever sent: end of input is the signal to stop
      }
    }
    System.exit(0); // Kafka's non-daemon threads would otherwise keep the JVM alive
  }
}
