package dev.meshlog.cli.provenance;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.cli.read.TopicScan;
import dev.meshlog.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every input event of the snapshot builder, by subject, in log order: the policy events, the
 * cluster events and the trust bundles. Answers "which event of this resource had a snapshot folded"
 * given the snapshot's source offsets.
 */
public final class EventLog {

  private static final Comparator<LogEvent> LOG_ORDER = Comparator.comparing(LogEvent::topic)
      .thenComparingInt(LogEvent::partition).thenComparingLong(LogEvent::offset);

  private final Map<String, List<LogEvent>> bySubject;

  private EventLog(Map<String, List<LogEvent>> bySubject) {
    this.bySubject = bySubject;
  }

  /** Reads the three input topics to their current ends. */
  public static EventLog read(String bootstrap, Topics topics) {
    return read(bootstrap, KafkaClientSettings.NONE, topics);
  }

  /** As above, logged in with the cluster's connection and security settings. */
  public static EventLog read(String bootstrap, KafkaClientSettings client, Topics topics) {
    List<LogEvent> events = new ArrayList<>();
    TopicScan.readLocated(bootstrap, client, topics.policyEvents(), r -> {
      if (r.value() != null) {
        events.add(LogEvent.of(r));
      }
    });
    TopicScan.readLocated(bootstrap, client, topics.clusterEvents(), r -> {
      if (r.value() != null && r.key() != null) {
        events.add(LogEvent.ofCluster(r));
      }
    });
    TopicScan.readLocated(bootstrap, client, topics.caBundle(), r -> {
      if (r.value() != null) {
        events.add(LogEvent.ofBundle(r));
      }
    });
    return of(events);
  }

  public static EventLog of(Collection<LogEvent> events) {
    Map<String, List<LogEvent>> bySubject = new HashMap<>();
    events.stream().sorted(LOG_ORDER).forEach(e -> bySubject.computeIfAbsent(e.subject(), s -> new ArrayList<>()).add(e));
    return new EventLog(bySubject);
  }

  /** The subject's events in log order; empty when the log has none (never written, or compacted away). */
  public List<LogEvent> of(String subject) {
    return List.copyOf(bySubject.getOrDefault(subject, List.of()));
  }

  public Optional<LogEvent> newest(String subject) {
    List<LogEvent> events = of(subject);
    return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
  }

  /**
   * The subject's last event a snapshot built at {@code position} had folded: at or before the
   * position's offset on the event's topic-partition. A position that never read that topic-partition
   * folded none of its events.
   */
  public Optional<LogEvent> inForceAt(String subject, SnapshotPosition position) {
    LogEvent found = null;
    for (LogEvent event : of(subject)) {
      if (position.covers(event)) {
        found = event;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The subject's event at exactly this place in the log. */
  public Optional<LogEvent> at(String subject, String topic, int partition, long offset) {
    return of(subject).stream().filter(e -> e.at(topic, partition, offset)).findFirst();
  }
}
