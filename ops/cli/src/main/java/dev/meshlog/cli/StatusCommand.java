package dev.meshlog.cli;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.PolicyRollout;
import dev.meshlog.avro.PolicyStatus;
import dev.meshlog.cli.read.CurrentPolicies;
import dev.meshlog.cli.read.LatestValues;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog status KIND/NS/NAME}: the sequencer's verdict on the resource's newest command,
 * joined with how far its newest change has rolled out to the proxies (mesh.policy.rollout).
 * Exit 0 when the resource is known, whatever its state; 1 when nothing is known about it.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a policy's verdict (accepted/rejected) and how many proxies applied it.")
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(index = "0", paramLabel = "KIND/NS/NAME", description = "The resource, e.g. VirtualService/default/reviews or vs/default/reviews.")
  String target;

  @Override
  public Integer call() {
    ResourceRef resource = ResourceRef.parse(target);
    String bootstrap = mesh.reachableBootstrap();
    String subject = resource.subject();
    Optional<PolicyStatus> status = LatestValues.find(bootstrap, mesh.topics().policyStatus(), subject);
    Optional<PolicyEvent> inForce = CurrentPolicies.read(bootstrap, mesh.topics()).find(subject);
    Optional<PolicyRollout> rollout = LatestValues.find(bootstrap, mesh.topics().policyRollout(), subject);
    if (status.isEmpty() && inForce.isEmpty() && rollout.isEmpty()) {
      throw new IllegalArgumentException(subject + " not found: no command, event or rollout for it");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(PolicyStatusView.render(subject, status, inForce, rollout));
    out.flush();
    return 0;
  }
}
