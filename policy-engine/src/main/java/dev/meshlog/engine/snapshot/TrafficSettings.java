package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.ClientTlsSpec;
import dev.meshlog.avro.ConnectionPoolSpec;
import dev.meshlog.avro.ConsistentHashSpec;
import dev.meshlog.avro.OutlierDetectionSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster's resolved traffic policy. {@code loadBalancer} is ROUND_ROBIN, LEAST_REQUEST, RANDOM or
 * RING_HASH (then {@code consistentHash} is set); the other parts are absent when no rule sets them.
 */
public record TrafficSettings(String loadBalancer, Optional<ConsistentHashSpec> consistentHash, Optional<ConnectionPoolSpec> connectionPool,
    Optional<OutlierDetectionSpec> outlierDetection, Optional<ClientTlsSpec> tls) {

  public static final String ROUND_ROBIN = "ROUND_ROBIN";
  public static final String RING_HASH = "RING_HASH";
  public static final TrafficSettings DEFAULT =
      new TrafficSettings(ROUND_ROBIN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public TrafficSettings {
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    Objects.requireNonNull(consistentHash, "consistentHash");
    Objects.requireNonNull(connectionPool, "connectionPool");
    Objects.requireNonNull(outlierDetection, "outlierDetection");
    Objects.requireNonNull(tls, "tls");
  }
}
