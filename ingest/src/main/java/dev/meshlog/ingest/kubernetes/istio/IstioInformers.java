package dev.meshlog.ingest.kubernetes.istio;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per Istio resource type, all namespaces or one. Their handlers only hand changes on. A type whose
 * first list fails (the CRD is not installed, or RBAC forbids it) is logged once and left out; the others run on.
 */
final class IstioInformers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IstioInformers.class);

  private final Map<IstioResourceType, SharedIndexInformer<GenericKubernetesResource>> informers = new LinkedHashMap<>();
  private final Map<IstioResourceType, CompletableFuture<Void>> started = new LinkedHashMap<>();

  IstioInformers(KubernetesClient client, Optional<String> namespace, Duration resync, Consumer<Change> sink) {
    for (IstioResourceType type : IstioResourceType.ALL) {
      try {
        var resources = client.genericKubernetesResources(type.context());
        SharedIndexInformer<GenericKubernetesResource> informer = namespace.isPresent()
            ? resources.inNamespace(namespace.get()).runnableInformer(resync.toMillis())
            : resources.inAnyNamespace().runnableInformer(resync.toMillis());
        informer.addEventHandler(new Handler(sink));
        informers.put(type, informer);
        started.put(type, informer.start().toCompletableFuture().whenComplete((ok, failure) -> {
          if (failure != null) {
            LOG.warn("not watching {} ({}): {}; is the CRD installed and may ingest list it?", type.kindName(),
                type.apiVersion(), rootMessage(failure));
          }
        }));
      } catch (RuntimeException e) {
        LOG.warn("not watching {} ({}): {}", type.kindName(), type.apiVersion(), rootMessage(e));
        started.put(type, CompletableFuture.failedFuture(e));
      }
    }
  }

  /**
   * Waits up to {@code timeout} in all for the informers' first lists; returns the types whose list completed
   * (their caches hold every object), the others are still starting or failed.
   */
  List<IstioResourceType> awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (CompletableFuture<Void> future : started.values()) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // reported by the future's own callback, or a late start found by synced()
      }
    }
    return synced();
  }

  /** The types whose first list completed. */
  List<IstioResourceType> synced() {
    List<IstioResourceType> synced = new ArrayList<>();
    started.forEach((type, future) -> {
      if (future.isDone() && !future.isCompletedExceptionally()) {
        synced.add(type);
      }
    });
    return synced;
  }

  /** Calls {@code onStart} when a type that was not synced yet at the first reconcile completes its first list. */
  void onLateStart(List<IstioResourceType> alreadySynced, Runnable onStart) {
    started.forEach((type, future) -> {
      if (!alreadySynced.contains(type)) {
        future.thenRun(onStart);
      }
    });
  }

  /** Every object in the cache of a synced type. */
  List<GenericKubernetesResource> objects(IstioResourceType type) {
    SharedIndexInformer<GenericKubernetesResource> informer = informers.get(type);
    return informer == null ? List.of() : informer.getStore().list();
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::stop);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Only enqueues: publishing happens on the sync's loop thread, never on the informer's. */
  private record Handler(Consumer<Change> sink) implements ResourceEventHandler<GenericKubernetesResource> {
    @Override
    public void onAdd(GenericKubernetesResource object) {
      sink.accept(new Change.Upserted(object));
    }

    @Override
    public void onUpdate(GenericKubernetesResource previous, GenericKubernetesResource current) {
      sink.accept(new Change.Upserted(current));
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      sink.accept(new Change.Deleted(object));
    }
  }
}
