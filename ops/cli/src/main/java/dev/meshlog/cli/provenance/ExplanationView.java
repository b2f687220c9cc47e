package dev.meshlog.cli.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How {@code meshlog proxy-config PROXY --explain} prints an {@link Explanation}: a tree a person reads
 * (each part, then {@code <-} and the event that produced it), or the same as a JSON document.
 */
public final class ExplanationView {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExplanationView() {}

  public static String text(Explanation explanation) {
    StringBuilder out = new StringBuilder();
    out.append("proxy ").append(explanation.proxyId()).append("  version ").append(explanation.version())
        .append("  hash ").append(shortHash(explanation.hash())).append('\n');
    out.append("built from ").append(explanation.builtAt().asMap().entrySet().stream()
        .map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
    section(out, "routes", explanation.routes());
    section(out, "tcp routes", explanation.tcpRoutes());
    section(out, "clusters", explanation.clusters());
    section(out, "inbound", explanation.inbound());
    section(out, "trust bundle", explanation.trust());
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<Element> elements) {
    if (elements.isEmpty()) {
      return;
    }
    out.append('\n').append(title).append('\n');
    elements.forEach(e -> element(out, e, 1));
  }

  private static void element(StringBuilder out, Element element, int depth) {
    String indent = "  ".repeat(depth);
    out.append(indent);
    if (depth > 1 || element.kind().equals("mtls") || element.kind().equals("authorization")) {
      out.append(element.kind()).append(' ');
    }
    out.append(element.name()).append("  ").append(element.detail());
    element.byDefault().ifPresent(why -> out.append("  [default: ").append(why).append(']'));
    out.append('\n');
    for (Origin origin : element.origins()) {
      out.append(indent).append("  <- ").append(depth > 1 ? brief(origin) : line(origin)).append('\n');
    }
    element.children().forEach(child -> element(out, child, depth + 1));
  }

  /** Everything about the event: who, when, why, where. */
  static String line(Origin origin) {
    if (origin instanceof Origin.Found found) {
      LogEvent e = found.event();
      StringBuilder text = new StringBuilder(e.subject());
      e.generation().ifPresent(g -> text.append("  generation ").append(g));
      text.append("  ").append(e.change()).append("  by ").append(e.actor()).append("  at ").append(e.time())
          .append("  ").append(e.position());
      if (!e.reason().isEmpty()) {
        text.append("  reason \"").append(e.reason()).append('"');
      }
      if (found.firstCarried()) {
        text.append("  (new in this version)");
      }
      found.newer().ifPresent(n -> text.append("  (newer ").append(n.change()).append(" at ").append(n.position())
          .append(" not in this snapshot yet)"));
      return text.toString();
    }
    Origin.Unknown unknown = (Origin.Unknown) origin;
    return unknown.subject() + "  unknown: " + unknown.why();
  }

  /** Subject, generation and position: nested parts repeat their parent's origins. */
  static String brief(Origin origin) {
    if (origin instanceof Origin.Found found) {
      LogEvent e = found.event();
      return e.subject() + e.generation().map(g -> "  generation " + g).orElse("") + "  " + e.change() + "  by " + e.actor()
          + "  " + e.position();
    }
    return line(origin);
  }

  public static String json(Explanation explanation) {
    ObjectNode root = NODES.objectNode();
    root.put("proxyId", explanation.proxyId());
    root.put("version", explanation.version());
    root.put("hash", explanation.hash());
    ObjectNode builtAt = root.putObject("builtFrom");
    explanation.builtAt().asMap().forEach(builtAt::put);
    root.set("routes", elements(explanation.routes()));
    root.set("tcpRoutes", elements(explanation.tcpRoutes()));
    root.set("clusters", elements(explanation.clusters()));
    root.set("inbound", elements(explanation.inbound()));
    root.set("trustBundle", elements(explanation.trust()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the explanation as JSON: " + e.getMessage(), e);
    }
  }

  private static ArrayNode elements(List<Element> elements) {
    ArrayNode array = NODES.arrayNode();
    elements.forEach(e -> array.add(element(e)));
    return array;
  }

  private static ObjectNode element(Element element) {
    ObjectNode node = NODES.objectNode();
    node.put("kind", element.kind());
    node.put("name", element.name());
    node.put("detail", element.detail());
    element.byDefault().ifPresent(why -> node.put("default", why));
    ArrayNode origins = node.putArray("origins");
    element.origins().forEach(o -> origins.add(origin(o)));
    if (!element.children().isEmpty()) {
      node.set("children", elements(element.children()));
    }
    return node;
  }

  private static ObjectNode origin(Origin origin) {
    ObjectNode node = NODES.objectNode();
    node.put("subject", origin.subject());
    if (origin instanceof Origin.Found found) {
      event(node, found.event());
      node.put("newInThisVersion", found.firstCarried());
      found.newer().ifPresent(n -> event(node.putObject("newerNotInSnapshot"), n));
    } else {
      node.put("unknown", ((Origin.Unknown) origin).why());
    }
    return node;
  }

  private static void event(ObjectNode node, LogEvent e) {
    e.generation().ifPresent(g -> node.put("generation", g));
    node.put("change", e.change());
    node.put("actor", e.actor());
    node.put("reason", e.reason());
    node.put("source", e.source());
    node.put("time", e.time().toString());
    node.put("topic", e.topic());
    node.put("partition", e.partition());
    node.put("offset", e.offset());
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
