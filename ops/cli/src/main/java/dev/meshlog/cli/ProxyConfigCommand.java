package dev.meshlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.provenance.EventLog;
import dev.meshlog.cli.provenance.Explanation;
import dev.meshlog.cli.provenance.ExplanationView;
import dev.meshlog.cli.provenance.Provenance;
import dev.meshlog.cli.read.LatestValues;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog proxy-config PROXY}: the snapshot the engine built for one proxy (istioctl
 * proxy-config): routes, clusters, endpoints, inbound policy, provenance. Read from the compacted
 * snapshots topic, the one partition the proxy id hashes to, as the proxy itself reads it. With
 * {@code --explain}, each part is named with the event that produced it (see {@link Provenance}).
 */
@Command(name = "proxy-config", mixinStandardHelpOptions = true, description = "Show the configuration snapshot of one proxy (routes, clusters, endpoints, inbound policy).")
public final class ProxyConfigCommand implements Callable<Integer> {

  public enum Output { JSON, YAML }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build();

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(index = "0", paramLabel = "PROXY", description = "Proxy id, as meshlog proxy-status lists it.")
  String proxy;

  @Option(names = {"-o", "--output"}, paramLabel = "json|yaml",
      description = "Output format (default: json; with --explain a readable tree, or json).")
  Output output;

  @Option(names = "--explain", description = "For each route, rule, cluster, endpoint, inbound policy and the trust bundle, "
      + "name the event that produced it (kind/ns/name, generation, actor, reason, time, topic-partition@offset).")
  boolean explain;

  @Override
  public Integer call() throws JsonProcessingException {
    String bootstrap = mesh.reachableBootstrap();
    ProxySnapshot snapshot = LatestValues.find(bootstrap, mesh.kafkaClient(), mesh.topics().proxySnapshots(), proxy)
        .orElseThrow(() -> new IllegalArgumentException("no snapshot for proxy '" + proxy + "' (see meshlog proxy-status)"));
    PrintWriter out = spec.commandLine().getOut();
    if (explain) {
      if (output == Output.YAML) {
        throw new IllegalArgumentException("-o yaml: --explain prints a tree, or json with -o json");
      }
      Explanation explanation = Provenance.explain(snapshot, EventLog.read(bootstrap, mesh.kafkaClient(), mesh.topics()));
      out.print(output == Output.JSON ? ExplanationView.json(explanation) : ExplanationView.text(explanation));
    } else {
      out.print(render(snapshot, output == null ? Output.JSON : output));
    }
    out.flush();
    return 0;
  }

  public static String render(ProxySnapshot snapshot, Output output) throws JsonProcessingException {
    ObjectNode tree = AvroTree.of(snapshot);
    if (output == Output.YAML) {
      return YAML.writeValueAsString(tree);
    }
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    return JSON.writer(pretty).writeValueAsString(tree) + "\n";
  }
}
