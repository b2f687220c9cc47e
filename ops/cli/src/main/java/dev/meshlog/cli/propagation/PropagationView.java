package dev.meshlog.cli.propagation;

import dev.meshlog.cli.TextTable;
import dev.meshlog.cli.provenance.LogEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code meshlog status KIND/NS/NAME --proxies} prints a {@link PropagationReport}: the change, one
 * row per affected proxy, and a summary line in the words of the rollout line above it.
 */
public final class PropagationView {

  static final String COMPACTED = "unknown (compacted)";

  private PropagationView() {}

  public static String text(PropagationReport report) {
    StringBuilder out = new StringBuilder();
    out.append("change: ").append(heading(report.event())).append('\n');
    if (report.deliveries().isEmpty()) {
      return out.append("no proxy's snapshot carried this change\n").toString();
    }
    TextTable table = new TextTable("PROXY", "FIRST VERSION", "OUTCOME", "ANSWERED", "DELAY", "DETAIL");
    for (Delivery d : report.deliveries()) {
      table.row(d.proxyId(),
          d.version().map(String::valueOf).orElse(COMPACTED),
          outcome(d),
          d.answeredAt().map(Object::toString).orElse("-"),
          d.delayMs().map(ms -> ms + " ms").orElse("-"),
          detail(d));
    }
    return out.append(table.render()).append(summary(report)).append('\n').toString();
  }

  /** e.g. {@code applied to 2/3 proxies, p50 80 ms, p99 120 ms; 1 NACKed; 0 pending}. */
  public static String summary(PropagationReport report) {
    StringBuilder text = new StringBuilder("applied to ").append(report.count(Delivery.Outcome.APPLIED)).append('/')
        .append(report.deliveries().size()).append(" proxies");
    report.percentile(0.50).ifPresent(p -> text.append(", p50 ").append(p).append(" ms"));
    report.percentile(0.99).ifPresent(p -> text.append(", p99 ").append(p).append(" ms"));
    List<String> rest = new ArrayList<>();
    rest.add(report.count(Delivery.Outcome.NACKED) + " NACKed");
    rest.add(report.count(Delivery.Outcome.PENDING) + " pending");
    long unknown = report.count(Delivery.Outcome.UNKNOWN);
    if (unknown > 0) {
      rest.add(unknown + " " + COMPACTED + ": their first snapshot after the change is gone");
    }
    return text.append("; ").append(String.join("; ", rest)).toString();
  }

  private static String heading(LogEvent e) {
    return e.subject() + e.generation().map(g -> " generation " + g).orElse("") + " " + e.change() + " by " + e.actor()
        + " at " + e.time() + " (" + e.position() + ")";
  }

  private static String outcome(Delivery d) {
    return switch (d.outcome()) {
      case APPLIED -> "ACK";
      case NACKED -> "NACK";
      case PENDING -> "pending";
      default -> "unknown";
    };
  }

  private static String detail(Delivery d) {
    return switch (d.outcome()) {
      case APPLIED -> "v" + d.answeredVersion().orElseThrow();
      case NACKED -> "v" + d.answeredVersion().orElseThrow() + ": " + d.error();
      case PENDING -> "sent, not answered yet";
      default -> "whether and when it carried the change is gone with compacted snapshots";
    };
  }
}
