package dev.meshlog.cli;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.CurrentPolicies;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog get KIND [NS/NAME]}: the resources in force, folded from the accepted policy
 * events, printed as the documents that were applied (so the output can be applied again).
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Show the policy resources in force, as folded from the policy event log.")
final class GetCommand implements Callable<Integer> {

  enum Output { YAML, NAME }

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(index = "0", paramLabel = "KIND",
      description = "virtualservice|vs, destinationrule|dr, serviceentry|se, peerauthentication|pa, authorizationpolicy|ap, sidecar, or all.")
  String kind;

  @Parameters(index = "1", arity = "0..1", paramLabel = "[NS/]NAME", description = "One resource; its namespace defaults to -n.")
  String target;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace to list (default: default).")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "List every namespace.")
  boolean allNamespaces;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "yaml|name", description = "Output format (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (allNamespaces && namespace != null) {
      throw new IllegalArgumentException("-n and -A exclude each other");
    }
    List<String> kinds = PolicyKinds.resolveMany(kind);
    Optional<ResourceRef> one = Optional.ofNullable(target).map(t -> single(kinds, t));
    CurrentPolicies policies = CurrentPolicies.read(mesh.reachableBootstrap(), mesh.kafkaClient(), mesh.topics());

    List<PolicyEvent> found;
    if (one.isPresent()) {
      String subject = one.get().subject();
      found = policies.find(subject).map(List::of)
          .orElseThrow(() -> new IllegalArgumentException(subject + " not found"));
    } else {
      found = policies.select(kinds, allNamespaces ? Optional.empty() : Optional.of(namespaceOrDefault()));
      if (found.isEmpty()) {
        err.println(allNamespaces ? "No resources found." : "No resources found in " + namespaceOrDefault() + " namespace.");
        err.flush();
        return 0;
      }
    }
    out.print(output == Output.NAME ? PolicyListing.names(found) : PolicyListing.yaml(found));
    out.flush();
    return 0;
  }

  private ResourceRef single(List<String> kinds, String text) {
    if (kinds.size() != 1) {
      throw new IllegalArgumentException("a resource name needs a single kind, not '" + kind + "'");
    }
    if (allNamespaces) {
      throw new IllegalArgumentException("-A lists every namespace; a resource name selects one");
    }
    String[] parts = text.split("/", -1);
    if (parts.length == 1 && !parts[0].isBlank()) {
      return new ResourceRef(kinds.get(0), namespaceOrDefault(), parts[0]);
    }
    if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
      if (namespace != null && !namespace.equals(parts[0])) {
        throw new IllegalArgumentException("'" + text + "' names namespace " + parts[0] + " but -n says " + namespace);
      }
      return new ResourceRef(kinds.get(0), parts[0], parts[1]);
    }
    throw new IllegalArgumentException("expected NAME or NAMESPACE/NAME, got '" + text + "'");
  }

  private String namespaceOrDefault() {
    return namespace != null ? namespace : "default";
  }
}
