package dev.meshlog.kafka.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The heartbeat settings a three-node cluster on a loaded 2-core machine needs (no broker started). */
class ClusterNodeTest {

  @Test
  void shouldHeartbeatSlowlyEnoughForControlledShutdownsAndOftenEnoughNotToFenceLiveBrokers() {
    Properties p = ClusterNode.properties(1, 9092, 9093, Path.of("unused"), "1@127.0.0.1:9093");
    long heartbeat = Long.parseLong(p.getProperty("broker.heartbeat.interval.ms"));
    long session = Long.parseLong(p.getProperty("broker.session.timeout.ms"));

    // Each heartbeat's deadline in the controller queue is the interval: at 500 ms controlled shutdowns stalled 23-40 s.
    assertTrue(heartbeat >= 1_000, "heartbeat interval " + heartbeat + " ms");
    // A restarted node registers once the stopped incarnation's session expires; live brokers must survive a few misses.
    assertTrue(session <= 6_000 && session / heartbeat >= 6, "session " + session + " ms, heartbeat " + heartbeat + " ms");
  }
}
