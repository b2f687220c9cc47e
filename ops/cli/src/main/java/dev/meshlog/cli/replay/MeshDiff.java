package dev.meshlog.cli.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.cli.LineDiff;
import dev.meshlog.cli.PolicyListing;
import dev.meshlog.cli.ProxyConfigCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changed between two replayed points: resources added, removed or changed (a line diff of their typed
 * rendering, so comments and key order in the applied text do not show), and the effect on proxies (whose snapshot
 * hash changed, came or went, with version and hash before and after), and for one proxy a line diff of its snapshot
 * content (version, hash and offsets are on the heading line instead, they differ whenever anything was folded).
 */
final class MeshDiff {

  private MeshDiff() {}

  static String render(ReplayedMesh from, ReplayedMesh to, Optional<String> proxy) throws JsonProcessingException {
    StringBuilder out = new StringBuilder();
    out.append("From ").append(from.point().describe()).append(" (position ").append(from.position()).append(") to ")
        .append(to.point().describe()).append(" (position ").append(to.position()).append(")\n");
    List<String> resources = resources(from, to);
    out.append("\nResources: ").append(resources.isEmpty() ? "no change\n" : resources.size() + " changed\n");
    resources.forEach(out::append);
    List<String> proxies = proxies(from, to);
    out.append("\nProxies: ").append(proxies.isEmpty() ? "no snapshot changed\n" : proxies.size() + " snapshots changed\n");
    proxies.forEach(out::append);
    if (proxy.isPresent()) {
      String before = Optional.ofNullable(from.proxies().get(proxy.get())).map(MeshDiff::content).orElse("");
      String after = Optional.ofNullable(to.proxies().get(proxy.get())).map(MeshDiff::content).orElse("");
      String diff = LineDiff.of(before, after);
      out.append("\nSnapshot of ").append(proxy.get()).append(diff.isEmpty() ? ": no change\n" : ":\n");
      diff.lines().forEach(line -> out.append("    ").append(line).append('\n'));
    }
    return out.toString();
  }

  /** One entry per changed subject: its heading line and indented diff. */
  static List<String> resources(ReplayedMesh from, ReplayedMesh to) {
    SortedSet<String> subjects = new TreeSet<>(from.policies().keySet());
    subjects.addAll(to.policies().keySet());
    List<String> entries = new ArrayList<>();
    for (String subject : subjects) {
      String before = Optional.ofNullable(from.policies().get(subject)).map(PolicyListing::typed).orElse("");
      String after = Optional.ofNullable(to.policies().get(subject)).map(PolicyListing::typed).orElse("");
      String diff = LineDiff.of(before, after);
      if (diff.isEmpty()) {
        continue;
      }
      String what = before.isEmpty() ? "added" : after.isEmpty() ? "removed" : "changed";
      PolicyEvent last = Optional.ofNullable(to.policies().get(subject)).orElse(from.policies().get(subject));
      StringBuilder entry = new StringBuilder("  ").append(what).append("  ").append(subject);
      if (!after.isEmpty()) {
        entry.append("  (generation ").append(last.getGeneration()).append(" by ").append(last.getEnvelope().getActor()).append(')');
      }
      entry.append('\n');
      diff.lines().forEach(line -> entry.append("      ").append(line).append('\n'));
      entries.add(entry.toString());
    }
    return entries;
  }

  /** One line per proxy whose content hash changed, that registered or that went away. */
  static List<String> proxies(ReplayedMesh from, ReplayedMesh to) {
    SortedSet<String> ids = new TreeSet<>(from.proxies().keySet());
    ids.addAll(to.proxies().keySet());
    List<String> lines = new ArrayList<>();
    for (String id : ids) {
      ReplayedProxy a = from.proxies().get(id);
      ReplayedProxy b = to.proxies().get(id);
      if (a == null) {
        lines.add("  registered  " + id + "  -> version " + b.version() + " " + ReplayReport.shortHash(b.hash()) + "\n");
      } else if (b == null) {
        lines.add("  gone        " + id + "  version " + a.version() + " " + ReplayReport.shortHash(a.hash()) + " ->\n");
      } else if (!a.hash().equals(b.hash())) {
        lines.add("  changed     " + id + "  version " + a.version() + " " + ReplayReport.shortHash(a.hash()) + " -> version "
            + b.version() + " " + ReplayReport.shortHash(b.hash()) + "\n");
      }
    }
    return lines;
  }

  private static String content(ReplayedProxy proxy) {
    ProxySnapshot content = ProxySnapshot.newBuilder(proxy.snapshot()).setVersion(0L).setHash("").setSourceOffsets(new ArrayList<>()).build();
    try {
      return ProxyConfigCommand.render(content, ProxyConfigCommand.Output.YAML);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the snapshot of " + proxy.proxyId(), e);
    }
  }
}
