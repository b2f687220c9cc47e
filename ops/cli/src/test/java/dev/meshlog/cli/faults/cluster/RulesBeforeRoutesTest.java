package dev.meshlog.cli.faults.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.faults.controlplane.BurstCommands;
import dev.meshlog.engine.sequencer.PolicyChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The check behind ClusterFailoverIT's 503 UH: the setup's routes may only follow their rules in the accepted log. */
class RulesBeforeRoutesTest {

  @Test
  void shouldAcceptTheSetupSentAsRulesThenRoutes() {
    List<PolicyCommand> setup = new ArrayList<>(BurstCommands.setupRules());
    setup.addAll(setupRoutesThenBurst());
    assertEquals(Optional.empty(), RulesBeforeRoutes.firstRouteBeforeItsRule(chain(setup)));
  }

  @Test
  void shouldNameTheRouteAcceptedBeforeItsRule() {
    // What two command partitions did once: reviews' VirtualService accepted ahead of its DestinationRule.
    List<PolicyCommand> reordered = new ArrayList<>(BurstCommands.setupRoutes().subList(0, 1));
    reordered.addAll(BurstCommands.setupRules());
    Optional<String> found = RulesBeforeRoutes.firstRouteBeforeItsRule(chain(reordered));
    assertTrue(found.isPresent() && found.get().startsWith("VirtualService/default/reviews (sequence 1)"), found.toString());
  }

  private static List<PolicyCommand> setupRoutesThenBurst() {
    List<PolicyCommand> rest = new ArrayList<>(BurstCommands.setupRoutes());
    rest.addAll(BurstCommands.burst(9));
    return rest;
  }

  private static List<PolicyEvent> chain(List<PolicyCommand> commands) {
    List<PolicyEvent> events = new ArrayList<>();
    String prev = null;
    for (PolicyCommand command : commands) {
      PolicyEvent event = PolicyChain.append(command, command.getEnvelope().getSubject(), events.size() + 1, 1, prev);
      prev = event.getEnvelope().getHash();
      events.add(event);
    }
    return events;
  }
}
