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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The informers ingest runs (fabric8 SharedInformerFactory): Namespaces, and Services, EndpointSlices
 * (discovery/v1) and Pods in every namespace or in each watched one (a factory per namespace, so RBAC
 * can be namespaced too). Their handlers only report which namespace or pod changed; reads come from
 * the caches.
 */
final class ClusterInformers implements AutoCloseable {

  private final List<SharedInformerFactory> factories = new ArrayList<>();
  private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
  private final List<SharedIndexInformer<EndpointSlice>> slices = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();

  /** {@code changed} receives (namespace, pod name or null) for every add, update, delete and resync. */
  ClusterInformers(KubernetesClient client, Set<String> namespaces, Duration resync, ChangeSink changed) {
    long resyncMs = resync.toMillis();
    SharedInformerFactory clusterWide = client.informers();
    factories.add(clusterWide);
    all.add(clusterWide.sharedIndexInformerFor(Namespace.class, resyncMs)
        .addEventHandler(handler(ns -> changed.namespace(ns.getMetadata().getName()))));
    if (namespaces.isEmpty()) {
      register(clusterWide, resyncMs, changed);
    } else {
      for (String namespace : namespaces) {
        SharedInformerFactory factory = client.informers().inNamespace(namespace);
        factories.add(factory);
        register(factory, resyncMs, changed);
      }
    }
  }

  /** Where informer events go: the handlers never do the work themselves. */
  interface ChangeSink {
    void namespace(String namespace);

    void pod(String namespace, String pod);
  }

  private void register(SharedInformerFactory factory, long resyncMs, ChangeSink changed) {
    SharedIndexInformer<Service> service = factory.sharedIndexInformerFor(Service.class, resyncMs);
    SharedIndexInformer<EndpointSlice> slice = factory.sharedIndexInformerFor(EndpointSlice.class, resyncMs);
    SharedIndexInformer<Pod> pod = factory.sharedIndexInformerFor(Pod.class, resyncMs);
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
    List<java.util.concurrent.Future<Void>> started = new ArrayList<>();
    factories.forEach(f -> started.add(f.startAllRegisteredInformers()));
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
    Set<String> found = new java.util.TreeSet<>();
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
  }
}
