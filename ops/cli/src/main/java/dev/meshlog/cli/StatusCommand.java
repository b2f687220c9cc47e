package dev.meshlog.cli;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.cli.propagation.Propagation;
import dev.meshlog.cli.propagation.PropagationView;
import dev.meshlog.cli.propagation.ProxyTimeline;
import dev.meshlog.cli.provenance.EventLog;
import dev.meshlog.cli.provenance.LogEvent;
import dev.meshlog.cli.read.CurrentPolicies;
import dev.meshlog.cli.read.LatestValues;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog status KIND/NS/NAME}: the sequencer's verdict on the resource's newest command,
 * joined with how far its newest change has rolled out to the proxies (mesh.policy.rollout).
 * With {@code --proxies}, what each affected proxy did with that change (or an older one), from the
 * snapshots and ACKs themselves. Exit 0 when the resource is known, whatever its state; 1 when nothing
 * is known about it.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a policy's verdict (accepted/rejected) and how many proxies applied it.")
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(index = "0", paramLabel = "KIND/NS/NAME", description = "The resource, e.g. VirtualService/default/reviews or vs/default/reviews.")
  String target;

  @Option(names = "--proxies", description = "Per affected proxy: the snapshot version that first carried the change, "
      + "when the proxy ACKed or NACKed it (time, delay from the event, error), or pending.")
  boolean proxies;

  @Option(names = "--event", paramLabel = "OFFSET", description = "Implies --proxies: the change at this offset of the policy events "
      + "topic instead of the newest.")
  Long eventOffset;

  @Option(names = "--generation", paramLabel = "G", description = "Implies --proxies: the change that made this generation of the resource.")
  Long generation;

  @Override
  public Integer call() {
    if (eventOffset != null && generation != null) {
      throw new IllegalArgumentException("--event and --generation: give one of them, not both");
    }
    ResourceRef resource = ResourceRef.parse(target);
    String bootstrap = mesh.reachableBootstrap();
    String subject = resource.subject();
    Optional<PolicyStatus> status = LatestValues.find(bootstrap, mesh.kafkaClient(), mesh.topics().policyStatus(), subject);
    Optional<PolicyEvent> inForce = CurrentPolicies.read(bootstrap, mesh.kafkaClient(), mesh.topics()).find(subject);
    Optional<PolicyRollout> rollout = LatestValues.find(bootstrap, mesh.kafkaClient(), mesh.topics().policyRollout(), subject);
    if (status.isEmpty() && inForce.isEmpty() && rollout.isEmpty()) {
      throw new IllegalArgumentException(subject + " not found: no command, event or rollout for it");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(PolicyStatusView.render(subject, status, inForce, rollout));
    if (proxies || eventOffset != null || generation != null) {
      EventLog log = EventLog.read(bootstrap, mesh.kafkaClient(), mesh.topics());
      LogEvent change = ChangeChoice.of(subject, log.of(subject), Optional.ofNullable(eventOffset), Optional.ofNullable(generation));
      out.print(PropagationView.text(Propagation.of(change, ProxyTimeline.read(bootstrap, mesh.kafkaClient(), mesh.topics()).values(), log, rollout)));
    }
    out.flush();
    return 0;
  }
}
