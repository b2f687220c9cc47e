package dev.meshlog.schemas.deadletter;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One job's count of dead-lettered records per source topic: the metric
 * {@code meshlog_deadletter_records_total{job, topic}}. Each job counts in one place (its handler or its
 * {@link DeadLetterPublisher}); whoever serves /metrics renders the jobs it hosts with {@link #prometheus}.
 */
public final class DeadLetterCounts {

  public static final String METRIC = "meshlog_deadletter_records_total";

  private final String job;
  private final ConcurrentMap<String, LongAdder> byTopic = new ConcurrentHashMap<>();

  /** @param job the {@code job} label: engine, pipeline, proxy or ingest */
  public DeadLetterCounts(String job) {
    this.job = Objects.requireNonNull(job, "job");
  }

  public String job() {
    return job;
  }

  /** One more record of {@code topic} went to the dead-letter topic (or could not be read, if writing it failed). */
  public void count(String topic) {
    byTopic.computeIfAbsent(topic, t -> new LongAdder()).increment();
  }

  public long count(String topic, long ifNone) {
    LongAdder adder = byTopic.get(topic);
    return adder == null ? ifNone : adder.sum();
  }

  /** The counts now, by topic name in order. */
  public Map<String, Long> byTopic() {
    Map<String, Long> now = new TreeMap<>();
    byTopic.forEach((topic, adder) -> now.put(topic, adder.sum()));
    return now;
  }

  /**
   * The metric family in the Prometheus text format 0.0.4, HELP and TYPE included even with no sample yet (so a
   * dashboard finds the metric before the first bad record), one sample per job and topic.
   */
  public static String prometheus(Collection<DeadLetterCounts> jobs) {
    StringBuilder text = new StringBuilder()
        .append("# HELP ").append(METRIC).append(" Input records that could not be decoded, written to the dead-letter topic and skipped.\n")
        .append("# TYPE ").append(METRIC).append(" counter\n");
    for (DeadLetterCounts counts : jobs) {
      counts.byTopic().forEach((topic, n) -> text.append(METRIC).append("{job=\"").append(escape(counts.job))
          .append("\",topic=\"").append(escape(topic)).append("\"} ").append(n).append('\n'));
    }
    return text.toString();
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public String toString() {
    return "DeadLetterCounts[job=" + job + ", " + byTopic() + "]";
  }
}
