package dev.meshlog.cli.bench;

import dev.meshlog.engine.EngineConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the consumer lag of the engine's Streams jobs while a burst is folded: for each job's group,
 * the input records written but not yet committed as consumed (log end minus committed offset, summed
 * over its partitions; under exactly-once a transaction marker counts as one). Keeps each job's peak.
 */
final class EngineLag implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EngineLag.class);
  static final List<String> JOBS = List.of("sequencer", "snapshots", "status");
  private static final long INTERVAL_MS = 200;

  private final Admin admin;
  private final Map<String, String> groupOfJob = new LinkedHashMap<>();
  private final Map<String, Long> peak = new LinkedHashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  /** {@code topicPrefix}: the mesh's topic prefix, which also prefixes the engine's application ids. */
  EngineLag(String bootstrap, String topicPrefix) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    JOBS.forEach(job -> {
      groupOfJob.put(job, topicPrefix + EngineConfig.DEFAULT_APPLICATION_ID_PREFIX + "-" + job);
      peak.put(job, 0L);
    });
    this.sampler = new Thread(this::run, "bench-engine-lag");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** The largest lag seen per job ("sequencer", "snapshots", "status"), in records. */
  synchronized Map<String, Long> peaks() {
    return Map.copyOf(peak);
  }

  private void run() {
    while (running) {
      try {
        for (Map.Entry<String, String> job : groupOfJob.entrySet()) {
          long lag = lag(job.getValue());
          synchronized (this) {
            peak.merge(job.getKey(), lag, Math::max);
          }
        }
        Thread.sleep(INTERVAL_MS); // a sampling period, not a synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        log.debug("lag sample failed: {}", e.toString());
      }
    }
  }

  private long lag(String group) throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    if (latest.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
    long lag = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
      if (c.getValue() != null && ends.containsKey(c.getKey())) {
        lag += Math.max(0, ends.get(c.getKey()).offset() - c.getValue().offset());
      }
    }
    return lag;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close();
  }
}
