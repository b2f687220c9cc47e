package dev.meshlog.ingest.kubernetes;

import dev.meshlog.avro.ClusterChange;
import dev.meshlog.avro.Source;
import dev.meshlog.ingest.registry.ClusterChangeSet;
import dev.meshlog.ingest.registry.ClusterReconciler;
import dev.meshlog.ingest.registry.Desired;
import dev.meshlog.schemas.Subjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes as a source of cluster events: informer -> handler -> bounded queue -> one loop. After the
 * informers' initial sync, one full reconciliation publishes only the difference from the log (including
 * REMOVED for objects deleted while ingest was down); then each change recomputes only its pod's key, or
 * its namespace's keys for a Service, EndpointSlice or Namespace change, and publishes real changes only.
 * A queue overflow or a failed publish falls back to a full reconciliation: nothing is lost.
 */
public final class KubernetesClusterIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterIngest.class);
  private static final int QUEUE_CAPACITY = 10_000;
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

  /** {@code namespaces} empty: every namespace. */
  public record Settings(Set<String> namespaces, Duration resync, Duration syncTimeout) {
    public Settings {
      namespaces = Set.copyOf(namespaces);
    }

    public static Settings allNamespaces() {
      return new Settings(Set.of(), Duration.ofMinutes(10), Duration.ofSeconds(60));
    }
  }

  /** A namespace to recompute, or only one pod's key in it ({@code pod} null: the whole namespace). */
  private record Work(String namespace, String pod) {}

  private final ClusterReconciler reconciler;
  private final Settings settings;
  private final ClusterInformers informers;
  private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicBoolean overflow = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread loop;

  public KubernetesClusterIngest(KubernetesClient client, Settings settings, ClusterReconciler reconciler) {
    this.reconciler = reconciler;
    this.settings = settings;
    this.informers = new ClusterInformers(client, settings.namespaces(), settings.resync(), new ClusterInformers.ChangeSink() {
      @Override
      public void namespace(String namespace) {
        enqueue(new Work(namespace, null));
      }

      @Override
      public void pod(String namespace, String pod) {
        enqueue(new Work(namespace, pod));
      }
    });
    this.loop = new Thread(this::run, "meshlog-kubernetes-ingest");
    loop.setDaemon(true);
  }

  /**
   * Starts the informers, waits for their initial sync, publishes the difference from the log, then
   * follows changes on a background thread. Returns what the initial reconciliation published. Call once.
   */
  public ClusterChangeSet start() throws TimeoutException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    informers.startAndSync(settings.syncTimeout());
    queue.clear(); // the initial adds: the full reconciliation below covers them
    ClusterChangeSet initial = reconcileAll();
    LOG.info("kubernetes ingest synced: registered {}, updated {}, removed {}, unchanged {}",
        initial.count(ClusterChange.REGISTERED), initial.count(ClusterChange.UPDATED),
        initial.count(ClusterChange.REMOVED), initial.unchanged());
    loop.start();
    return initial;
  }

  /** Informers watching and the loop alive: for readiness. */
  public boolean isRunning() {
    return started.get() && !closed.get() && loop.isAlive() && informers.isRunning();
  }

  private void enqueue(Work work) {
    if (!queue.offer(work)) {
      overflow.set(true); // dropped work is replaced by a full reconciliation
    }
  }

  private void run() {
    while (!closed.get()) {
      try {
        Work first = queue.poll(1, TimeUnit.SECONDS);
        if (overflow.getAndSet(false)) {
          queue.clear();
          reconcileAll();
          continue;
        }
        if (first == null) {
          continue;
        }
        Set<Work> batch = new LinkedHashSet<>();
        batch.add(first);
        queue.drainTo(batch);
        for (Work work : batch) {
          reconcile(work);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("kubernetes ingest failed to publish; reconciling everything again in {} s", RETRY_BACKOFF.toSeconds(), e);
        overflow.set(true);
        if (!pause()) {
          return;
        }
      }
    }
  }

  private void reconcile(Work work) {
    String namespace = work.namespace();
    if (!watched(namespace)) {
      return;
    }
    List<Pod> pods = informers.pods(namespace);
    Predicate<String> scope;
    if (work.pod() == null) {
      scope = key -> namespace.equals(namespaceOf(key));
    } else {
      String key = Subjects.of("Workload", namespace, work.pod());
      pods = pods.stream().filter(p -> work.pod().equals(p.getMetadata().getName())).toList();
      scope = key::equals;
    }
    Map<String, Desired> desired = ClusterMapping.desired(informers.services(namespace), informers.slices(namespace), pods);
    reconciler.reconcile(desired, scope, Source.KUBERNETES, ObjectActor.REMOVED_BY);
  }

  private ClusterChangeSet reconcileAll() {
    Map<String, Desired> desired = new TreeMap<>();
    for (String namespace : informers.namespacesWithObjects()) {
      if (watched(namespace)) {
        desired.putAll(ClusterMapping.desired(informers.services(namespace), informers.slices(namespace), informers.pods(namespace)));
      }
    }
    // keys in namespaces ingest does not watch belong to whoever watches them
    return reconciler.reconcile(desired, key -> watched(namespaceOf(key)), Source.KUBERNETES, ObjectActor.REMOVED_BY);
  }

  private boolean watched(String namespace) {
    return settings.namespaces().isEmpty() || settings.namespaces().contains(namespace);
  }

  static String namespaceOf(String key) {
    String[] parts = key.split("/", 3);
    return parts.length == 3 ? parts[1] : "";
  }

  private boolean pause() {
    try {
      Thread.sleep(RETRY_BACKOFF.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the loop and the informers; the caller closes the reconciler's publisher. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    loop.interrupt();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    informers.close();
  }
}
