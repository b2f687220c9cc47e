package dev.meshlog.kafka.local;

import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving every integration test in a JVM one real broker: {@code KAFKA_BOOTSTRAP}
 * (or {@code -Dkafka.bootstrap}) if set, else a Testcontainers broker when Docker is available, else
 * the in-process {@link EmbeddedKafka}. Tests isolate themselves with {@link #uniqueName}.
 *
 * <pre>{@code @ExtendWith(KafkaBroker.class) class SomethingIT { ... KafkaBroker.bootstrapServers() ... }}</pre>
 */
public final class KafkaBroker implements BeforeAllCallback {

  private static volatile String bootstrap;

  public static String bootstrapServers() {
    if (bootstrap == null) {
      throw new IllegalStateException("KafkaBroker extension not registered on this test class");
    }
    return bootstrap;
  }

  /** A name no other test uses, for topics prefixes and application ids. */
  public static String uniqueName(String base) {
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (KafkaBroker.class) {
      if (bootstrap != null) {
        return;
      }
      ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
      String external = System.getProperty("kafka.bootstrap", System.getenv("KAFKA_BOOTSTRAP"));
      if (external != null && !external.isBlank()) {
        bootstrap = external;
      } else if (!Boolean.getBoolean("kafka.noDocker") && dockerAvailable()) {
        var container = new org.testcontainers.kafka.KafkaContainer("apache/kafka-native:4.0.0");
        container.start();
        bootstrap = container.getBootstrapServers();
        store.put("meshlog-kafka", (AutoCloseable) container::stop);
      } else {
        EmbeddedKafka broker = EmbeddedKafka.startTemporary();
        bootstrap = broker.bootstrapServers();
        store.put("meshlog-kafka", (AutoCloseable) broker::close);
      }
    }
  }

  private static boolean dockerAvailable() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }
}
