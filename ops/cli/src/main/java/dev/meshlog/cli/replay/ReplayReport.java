package dev.meshlog.cli.replay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.AvroTree;
import dev.meshlog.cli.PolicyListing;
import dev.meshlog.cli.ProxyConfigCommand;
import dev.meshlog.cli.TextTable;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code replay} prints: a summary (resource names, a proxy table beside what each proxy had answered, and the
 * one asked-for proxy's snapshot), or the whole as one YAML or JSON document with the typed resources.
 */
final class ReplayReport {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Hash characters shown in the table; the documents carry the whole hash. */
  static final int SHORT_HASH = 12;

  private final ReplayedMesh mesh;
  private final Instant moment;
  private final Map<String, AckHistory.Answer> answers;
  private final Optional<String> proxy;

  ReplayReport(ReplayedMesh mesh, Instant moment, Map<String, AckHistory.Answer> answers, Optional<String> proxy) {
    this.mesh = mesh;
    this.moment = moment;
    this.answers = answers;
    this.proxy = proxy;
  }

  String summary() throws com.fasterxml.jackson.core.JsonProcessingException {
    StringBuilder out = new StringBuilder();
    out.append("Mesh at ").append(mesh.point().describe());
    if (!(mesh.point() instanceof LogPoint.AtTime)) {
      out.append(" (").append(moment).append(')');
    }
    out.append(": policy events up to offset ").append(mesh.lastPolicyOffset()).append(", log position ").append(mesh.position())
        .append('\n');
    out.append("\nPolicy resources (").append(mesh.policies().size()).append("):\n");
    if (mesh.policies().isEmpty()) {
      out.append("  (none)\n");
    }
    for (PolicyEvent e : mesh.policies().values()) {
      out.append("  ").append(e.getKind()).append('/').append(e.getNamespace())
          .append('/').append(e.getName()).append("  generation ").append(e.getGeneration()).append("  sequence ").append(e.getSequence())
          .append("  by ").append(e.getEnvelope().getActor()).append(" at ").append(e.getEnvelope().getTime()).append('\n');
    }
    out.append("\nProxies (").append(mesh.proxies().size()).append("), beside what each had answered by then:\n");
    TextTable table = new TextTable("PROXY", "VERSION", "HASH", "ANSWERED", "ANSWERED-HASH", "MATCHES");
    for (ReplayedProxy p : mesh.proxies().values()) {
      Optional<AckHistory.Answer> a = Optional.ofNullable(answers.get(p.proxyId()));
      table.row(p.proxyId(), Long.toString(p.version()), shortHash(p.hash()),
          a.map(x -> (x.acked() ? "ACK " : "NACK ") + x.version()).orElse("-"), a.map(x -> shortHash(x.hash())).orElse("-"),
          Agreement.of(p, a).text());
    }
    out.append(table.render());
    if (proxy.isPresent()) {
      ReplayedProxy p = mesh.proxies().get(proxy.get());
      out.append("\nSnapshot of ").append(proxy.get()).append(" (as meshlog proxy-config -o yaml shows it; causes left out):\n");
      out.append(ProxyConfigCommand.render(p.snapshot(), ProxyConfigCommand.Output.YAML));
    }
    return out.toString();
  }

  ObjectNode tree() {
    ObjectNode root = NODES.objectNode();
    root.put("at", mesh.point().describe());
    root.put("moment", moment.toString());
    root.put("lastPolicyOffset", mesh.lastPolicyOffset());
    root.put("position", mesh.position());
    ArrayNode resources = root.putArray("resources");
    mesh.policies().values().forEach(e -> resources.add(PolicyListing.typedTree(e)));
    ArrayNode proxies = root.putArray("proxies");
    for (ReplayedProxy p : mesh.proxies().values()) {
      ObjectNode row = proxies.addObject().put("proxyId", p.proxyId()).put("version", p.version()).put("hash", p.hash());
      Optional<AckHistory.Answer> a = Optional.ofNullable(answers.get(p.proxyId()));
      a.ifPresent(x -> {
        ObjectNode answered = row.putObject("answered").put("status", x.acked() ? "ACK" : "NACK").put("version", x.version())
            .put("hash", x.hash()).put("time", x.time().toString());
        x.error().ifPresent(err -> answered.put("error", err));
      });
      row.put("matches", Agreement.of(p, a).name());
    }
    proxy.map(id -> mesh.proxies().get(id)).ifPresent(p -> root.set("snapshot", AvroTree.of(p.snapshot())));
    return root;
  }

  static String shortHash(String hash) {
    return hash.length() <= SHORT_HASH ? hash : hash.substring(0, SHORT_HASH);
  }
}
