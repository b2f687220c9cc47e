package dev.meshlog.engine.ca.signer;

import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.engine.ca.TrustBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the trust bundle topic equal to the CA's trust bundle. It reads the bundle topic itself,
 * so its store holds the latest bundle there; shortly after start, and then on every wall-clock
 * tick, it publishes the CA's bundle if that differs: after a restart with a new CA, when a root
 * rotation starts (both roots), and when its overlap ends (the new root alone).
 *
 * <p>Only the task of partition 0 publishes, and the sink writes to partition 0, whatever the
 * topic's partition count: one writer, one place to read the bundle, no two tasks racing.
 */
final class BundleProcessor implements Processor<String, MeshTrustBundle, String, MeshTrustBundle> {

  private static final Logger log = LoggerFactory.getLogger(BundleProcessor.class);
  static final Duration FIRST_CHECK = Duration.ofSeconds(1);

  private final SignerSetup setup;
  private ProcessorContext<String, MeshTrustBundle> context;
  private KeyValueStore<String, MeshTrustBundle> published;
  private Cancellable firstCheck;

  BundleProcessor(SignerSetup setup) {
    this.setup = setup;
  }

  @Override
  public void init(ProcessorContext<String, MeshTrustBundle> context) {
    this.context = context;
    this.published = context.getStateStore(SignerTopology.BUNDLE_STORE);
    if (context.taskId().partition() != 0) {
      return;
    }
    // Soon after start (the consumer has had a moment to read the topic), then at the regular interval.
    firstCheck = context.schedule(FIRST_CHECK, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
      firstCheck.cancel();
      publishIfChanged(wallClock);
    });
    context.schedule(setup.bundleCheckInterval(), PunctuationType.WALL_CLOCK_TIME, wallClock -> publishIfChanged(wallClock));
  }

  @Override
  public void process(Record<String, MeshTrustBundle> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      published.delete(record.key());
    } else {
      published.put(record.key(), record.value());
    }
  }

  /**
   * @param wallClock the punctuation time, used as the record timestamp: the injected clock decides
   *     trust, but a broker refuses timestamps far from its own time (message.timestamp.after.max.ms)
   */
  private void publishIfChanged(long wallClock) {
    Instant now = setup.clock().instant();
    setup.authority().refresh(now);
    TrustBundle bundle = setup.authority().trustBundle(now);
    MeshTrustBundle latest = published.get(setup.trustDomain());
    List<String> roots = SignerWire.rootsPem(bundle);
    if (latest != null && latest.getRootsPem().equals(roots)) {
      return;
    }
    MeshTrustBundle next = SignerWire.bundle(setup.trustDomain(), bundle, now);
    published.put(setup.trustDomain(), next);
    context.forward(new Record<>(setup.trustDomain(), next, wallClock));
    log.info("published the trust bundle of {}: {} root(s)", setup.trustDomain(), roots.size());
  }
}
