package dev.meshlog.ingest.kubernetes.istio;

import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.ingest.policy.ValidationError;
import dev.meshlog.ingest.publish.PolicyPublisher;
import dev.meshlog.ingest.publish.PolicyRejectedException;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the policy log in step with Istio's resources in the Kubernetes API server: informers on the six Istio
 * kinds feed a bounded queue; one loop thread turns objects into validated, attributed policy commands and
 * publishes only what the log lacks (see {@link PolicyLedger}), through a transactional {@link PolicyPublisher}.
 * At start it reads the state in force from mesh.policy.events, waits for the informers' first lists and
 * publishes the differences in one transaction (including DELETEs for Kubernetes-owned resources whose objects
 * vanished while ingest was down). The engine's verdict is not awaited: {@link PolicyVerdicts} logs a rejection
 * when it appears on mesh.policy.status.
 */
public final class IstioResourceSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IstioResourceSync.class);
  private static final int QUEUE_CAPACITY = 10_000;

  private final String bootstrap;
  private final Topics topics;
  private final IstioSyncConfig config;
  private final IstioSyncCounters counters = new IstioSyncCounters();
  private final DeadLetterPublisher deadLetters;
  private final BlockingQueue<Change> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  // Set by an informer when the queue overflowed, or when a late informer synced: the loop reconciles in full.
  private final AtomicBoolean reconcileRequested = new AtomicBoolean();
  private final AtomicBoolean initialSyncDone = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<String, List<ValidationError>> refusals = new HashMap<>();
  private final Thread loop;
  private volatile boolean running = true;
  private IstioInformers informers;
  private PolicyLedger ledger;
  private PolicyPublisher publisher;
  private PolicyVerdicts verdicts;
  private long retryAt = Long.MAX_VALUE;

  private IstioResourceSync(String bootstrap, Topics topics, IstioSyncConfig config) {
    this.deadLetters = new DeadLetterPublisher(bootstrap, config.kafka(), topics.deadLetter(), new DeadLetterCounts("ingest"));
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.config = config;
    this.loop = new Thread(this::run, "meshlog-istio-sync");
    this.loop.setDaemon(true);
  }

  /**
   * Reads the policy state in force, starts the informers and the loop, and returns without waiting for the
   * initial sync ({@link #isSynced()}). Throws if the policy log cannot be read or the publisher cannot start.
   */
  public static IstioResourceSync start(KubernetesClient client, String bootstrap, Topics topics, IstioSyncConfig config) {
    IstioResourceSync sync = new IstioResourceSync(bootstrap, topics, config);
    sync.ledger = new PolicyLedger(PolicyLog.read(bootstrap, topics, config.kafka(), sync.deadLetters), config.clock());
    sync.verdicts = new PolicyVerdicts(bootstrap, topics, config.kafka(), sync.counters, sync.deadLetters);
    try {
      sync.publisher = new PolicyPublisher(bootstrap, topics, config.kafka());
    } catch (RuntimeException e) {
      sync.verdicts.close();
      sync.deadLetters.close();
      throw e;
    }
    sync.informers = new IstioInformers(client, config.namespace(), config.resync(), sync::enqueue);
    sync.loop.start();
    LOG.info("watching Istio resources in {} for {}", config.namespace().orElse("all namespaces"), topics.policyCommands().name());
    return sync;
  }

  public static IstioResourceSync start(KubernetesClient client, String bootstrap, Topics topics) {
    return start(client, bootstrap, topics, IstioSyncConfig.defaults());
  }

  /** True once the informers' first lists were reconciled with the log. */
  public boolean isSynced() {
    return initialSyncDone.get();
  }

  public IstioSyncCounters counters() {
    return counters;
  }

  /** The policy log's and status topic's records this sync could not decode (dead-lettered and skipped), job "ingest". */
  public DeadLetterCounts deadLetters() {
    return deadLetters.counts();
  }

  private void enqueue(Change change) {
    if (!queue.offer(change)) {
      // Never block an informer thread: drop, and let the loop rebuild from the caches, which hold the change.
      reconcileRequested.set(true);
    }
  }

  private void run() {
    try {
      List<IstioResourceType> synced = informers.awaitSynced(config.syncTimeout());
      informers.onLateStart(synced, () -> reconcileRequested.set(true));
      reconcileRequested.set(true); // the first reconcile runs in the loop, so its failure is retried like any other
      while (running) {
        Change change = queue.poll(200, TimeUnit.MILLISECONDS);
        try {
          if (reconcileRequested.getAndSet(false) || System.nanoTime() >= retryAt) {
            reconcile();
          } else if (change != null) {
            apply(change);
          }
        } catch (RuntimeException e) {
          // No input may stop the sync: skip this change, and rebuild from the caches a little later.
          LOG.error("handling an Istio object change failed; a full reconcile follows in {}", config.retryBackoff(), e);
          retryAt = System.nanoTime() + config.retryBackoff().toNanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Istio resource sync stopped", e);
    }
  }

  /** Compares every cached object of every synced type with the ledger, and publishes the differences at once. */
  private void reconcile() {
    queue.clear(); // the caches read below already hold every queued change
    retryAt = Long.MAX_VALUE;
    List<IstioResourceType> synced = informers.synced();
    Set<String> syncedKinds = new HashSet<>();
    List<Conversion> objects = new ArrayList<>();
    for (IstioResourceType type : synced) {
      syncedKinds.add(type.kindName());
      for (GenericKubernetesResource object : informers.objects(type)) {
        Conversion conversion = IstioDocuments.convert(object, config.clock());
        noteRefusal(conversion);
        objects.add(conversion);
      }
    }
    List<PolicyCommand> commands = ledger.reconcile(objects,
        subject -> syncedKinds.contains(subject.substring(0, subject.indexOf('/'))) && config.watches(subject));
    counters.addReconcile();
    LOG.info("reconciled {} Istio objects of {} kinds with the policy log: {} commands to publish",
        objects.size(), synced.size(), commands.size());
    if (publish(commands)) {
      initialSyncDone.set(true);
    }
  }

  private void apply(Change change) {
    String subject = IstioDocuments.subject(change.object());
    if (change instanceof Change.Deleted) {
      refusals.remove(subject);
      ledger.deleteIfPresent(subject, ObjectAttribution.ofDeletion(change.object())).ifPresent(c -> publish(List.of(c)));
      return;
    }
    Conversion conversion = IstioDocuments.convert(change.object(), config.clock());
    noteRefusal(conversion);
    if (conversion instanceof Conversion.Converted converted) {
      ledger.upsertIfChanged(converted).ifPresent(c -> publish(List.of(c)));
    }
  }

  /** Logs and counts a refusal once per distinct set of errors, so a resync does not repeat it. */
  private void noteRefusal(Conversion conversion) {
    if (!(conversion instanceof Conversion.Refused refused)) {
      refusals.remove(conversion.subject());
      return;
    }
    if (refused.errors().equals(refusals.put(refused.subject(), refused.errors()))) {
      return;
    }
    counters.addRefused();
    for (ValidationError error : refused.errors()) {
      LOG.warn("refused {} from Kubernetes, nothing published: {}: {}", refused.subject(),
          error.path().isEmpty() ? "(document)" : error.path(), error.reason());
    }
  }

  /** False when Kafka failed (a reconcile is scheduled); a refusal is final and counts as done. */
  private boolean publish(List<PolicyCommand> commands) {
    if (commands.isEmpty()) {
      return true;
    }
    // Watched before publishing: the verdict may come before publish() returns.
    commands.forEach(c -> verdicts.watch(c.getEnvelope().getId(), c.getEnvelope().getSubject()));
    try {
      publisher.publish(commands);
      ledger.recordPublished(commands);
      counters.addPublished(commands.size());
      commands.forEach(c -> LOG.info("published {} {} by {}", c.getOperation(), c.getEnvelope().getSubject(), c.getEnvelope().getActor()));
      return true;
    } catch (PolicyRejectedException e) {
      commands.forEach(c -> verdicts.forget(c.getEnvelope().getId()));
      // Each object was validated alone; a refusal here is one the publisher's checks found across commands.
      counters.addRefused();
      LOG.warn("Istio objects refused by the publisher, nothing published: {}", e.getMessage());
      return true;
    } catch (RuntimeException e) {
      commands.forEach(c -> verdicts.forget(c.getEnvelope().getId()));
      counters.addPublishFailure();
      LOG.error("publishing {} policy commands failed; a full reconcile retries in {}", commands.size(), config.retryBackoff(), e);
      retryAt = System.nanoTime() + config.retryBackoff().toNanos();
      renewPublisher();
      return false;
    }
  }

  /** A failed transactional producer may be unusable (fenced, fatal): start a fresh one for the retry. */
  private void renewPublisher() {
    try {
      publisher.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the failed publisher failed", e);
    }
    try {
      publisher = new PolicyPublisher(bootstrap, topics, config.kafka());
    } catch (RuntimeException e) {
      LOG.error("cannot start a policy publisher; retrying in {}", config.retryBackoff(), e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    running = false;
    informers.close();
    loop.interrupt();
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    verdicts.close();
    deadLetters.close();
    LOG.info("stopped watching Istio resources");
  }
}
