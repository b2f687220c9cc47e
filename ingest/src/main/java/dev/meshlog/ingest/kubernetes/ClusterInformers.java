package dev.meshlog.ingest.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The informers ingest runs: Namespaces, and Services, EndpointSlices (discovery/v1) and Pods in every
 * namespace (all from one fabric8 SharedInformerFactory) or in each watched namespace. Their handlers
 * only report which namespace or pod changed; reads come from the caches.
 */
final class ClusterInformers implements AutoCloseable {

  private final List<SharedInformerFactory> factories = new ArrayList<>();
  private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
  private final List<SharedIndexInformer<EndpointSlice>> slices = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private final List<SharedIndexInformer<?>> standalone = new ArrayList<>();

  /** {@code changed} receives (namespace, pod name or null) for every add, update, delete and resync. */
  ClusterInformers(KubernetesClient client, Set<String> namespaces, Duration resync, ChangeSink changed) {
    long resyncMs = resync.toMillis();
    SharedInformerFactory factory = client.informers();
    factories.add(factory);
    all.add(factory.sharedIndexInformerFor(Namespace.class, resyncMs)
        .addEventHandler(handler(ns -> changed.namespace(ns.getMetadata().getName()))));
    if (namespaces.isEmpty()) {
      add(factory.sharedIndexInformerFor(Service.class, resyncMs), factory.sharedIndexInformerFor(EndpointSlice.class, resyncMs),
          factory.sharedIndexInformerFor(Pod.class, resyncMs), changed);
    } else {
      // namespaced informers outside the factory (its inNamespace is deprecated), so RBAC can be a Role per namespace
      for (String namespace : namespaces) {
        SharedIndexInformer<Service> service = client.services().inNamespace(namespace).runnableInformer(resyncMs);
        SharedIndexInformer<EndpointSlice> slice = client.discovery().v1().endpointSlices().inNamespace(namespace).runnableInformer(resyncMs);
        SharedIndexInformer<Pod> pod = client.pods().inNamespace(namespace).runnableInformer(resyncMs);
        add(service, slice, pod, changed);
        standalone.addAll(List.of(service, slice, pod));
      }
    }
  }

  /** Where informer events go: the handlers never do the work themselves. */
  interface ChangeSink {
    void namespace(String namespace);

    void pod(String namespace, String pod);
  }

  private void add(SharedIndexInformer<Service> service, SharedIndexInformer<EndpointSlice> slice, SharedIndexInformer<Pod> pod,
      ChangeSink changed) {
    service.addEventHandler(handler(s -> changed.namespace(s.getMetadata().getNamespace())));
    slice.addEventHandler(handler(s -> changed.namespace(s.getMetadata().getNamespace())));
    pod.addEventHandler(handler(p -> changed.pod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    services.add(service);
    slices.add(slice);
    pods.add(pod);
    all.addAll(List.of(service, slice, pod));
  }

  /** Starts every informer and waits for their initial lists. */
  void startAndSync(Duration timeout) throws TimeoutException {
    List<Future<Void>> started = new ArrayList<>();
    factories.forEach(f -> started.add(f.startAllRegisteredInformers()));
    standalone.forEach(i -> started.add(i.start().toCompletableFuture()));
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (var future : started) {
        future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the informers synced", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("informers failed to start: " + e.getCause().getMessage(), e.getCause());
    }
    if (!all.stream().allMatch(SharedIndexInformer::hasSynced)) {
      throw new TimeoutException("informers not synced within " + timeout.toSeconds() + " s");
    }
  }

  boolean isRunning() {
    return all.stream().allMatch(SharedIndexInformer::isRunning);
  }

  List<Service> services(String namespace) {
    return inNamespace(services, namespace);
  }

  List<EndpointSlice> slices(String namespace) {
    return inNamespace(slices, namespace);
  }

  List<Pod> pods(String namespace) {
    return inNamespace(pods, namespace);
  }

  /** Every namespace that holds a watched object. */
  Set<String> namespacesWithObjects() {
    Set<String> found = new TreeSet<>();
    for (List<? extends SharedIndexInformer<? extends HasMetadata>> kind : List.of(services, slices, pods)) {
      kind.forEach(i -> i.getStore().list().forEach(o -> found.add(o.getMetadata().getNamespace())));
    }
    return found;
  }

  private static <T> List<T> inNamespace(List<SharedIndexInformer<T>> informers, String namespace) {
    List<T> found = new ArrayList<>();
    informers.forEach(i -> found.addAll(i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)));
    return found;
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.accept(obj);
      }
    };
  }

  @Override
  public void close() {
    factories.forEach(SharedInformerFactory::stopAllRegisteredInformers);
    standalone.forEach(SharedIndexInformer::stop);
  }
}
