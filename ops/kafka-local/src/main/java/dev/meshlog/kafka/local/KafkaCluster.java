package dev.meshlog.kafka.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving a test class its own {@link EmbeddedKafkaCluster} of {@value #NODES} nodes, closed
 * after the class: fault tests stop and restart nodes, so classes must not share one. Reach it as a parameter
 * of a test, {@code @BeforeAll} or constructor, or with {@link #cluster()}.
 *
 * <pre>{@code @ExtendWith(KafkaCluster.class) class FailoverIT {
 *   @Test void survives(EmbeddedKafkaCluster cluster) { ... cluster.stop(1); ... cluster.restart(1); ... }
 * }}</pre>
 */
public final class KafkaCluster implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  public static final int NODES = 3;
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaCluster.class);

  private static volatile EmbeddedKafkaCluster current;

  /** The cluster of the test class running now. */
  public static EmbeddedKafkaCluster cluster() {
    EmbeddedKafkaCluster cluster = current;
    if (cluster == null) {
      throw new IllegalStateException("KafkaCluster extension not registered on this test class");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(NODES);
    current = cluster;
    // JUnit closes AutoCloseable store values when the class's context ends (after afterAll).
    context.getStore(NAMESPACE).put("cluster", cluster);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    current = null;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafkaCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get("cluster", EmbeddedKafkaCluster.class);
  }
}
