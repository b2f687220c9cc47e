package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The min.insync.replicas every topic Meshlog creates gets: losing one broker of three must not stop writers. */
class TopicAdminTest {

  @Test
  void shouldRequireTwoInSyncReplicasFromThreeReplicasUp() {
    assertEquals(2, TopicAdmin.minInsyncReplicas((short) 3));
    assertEquals(2, TopicAdmin.minInsyncReplicas((short) 5));
  }

  @Test
  void shouldRequireOneInSyncReplicaBelowThreeSoOneBrokerDownDoesNotStopWriters() {
    assertEquals(1, TopicAdmin.minInsyncReplicas((short) 2));
    assertEquals(1, TopicAdmin.minInsyncReplicas((short) 1));
  }

  @Test
  void shouldRefuseAFactorBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> TopicAdmin.minInsyncReplicas((short) 0));
  }
}
