package dev.meshlog.cli.inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds the mesh to a pod template, as istioctl kube-inject's template does: the {@code meshlog-proxy}
 * sidecar, the {@code meshlog-init} container that sets up capture, the pod-info and token volumes,
 * and the status annotation. A pure function of the template and the settings: {@code meshlog inject}
 * and the admission webhook both call it, so a file and a live pod get the same result.
 */
public final class SidecarInjector {

  /** Set on injected pods; its presence makes injecting again a no-op. */
  public static final String STATUS_ANNOTATION = "sidecar.meshlog.dev/status";
  public static final String MESHLOG_INJECT = "meshlog.dev/inject";
  public static final String ISTIO_INJECT = "sidecar.istio.io/inject";
  static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

  private final InjectionSettings settings;

  public SidecarInjector(InjectionSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The template with the mesh added, or unchanged with the reason; the input is never modified. */
  public Injection inject(PodTemplateSpec input) {
    PodTemplateSpec template = new PodTemplateSpecBuilder(input).build();
    ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    PodSpec spec = template.getSpec();
    if (spec == null) {
      throw new IllegalArgumentException("spec: missing (a pod template needs a pod spec)");
    }
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    if (annotations.containsKey(STATUS_ANNOTATION) || hasContainer(spec.getContainers(), SidecarContainers.PROXY)) {
      return new Injection.Skipped(input, "already injected");
    }
    for (String key : List.of(MESHLOG_INJECT, ISTIO_INJECT)) {
      if ("false".equalsIgnoreCase(annotations.get(key))) {
        return new Injection.Skipped(input, "annotation " + key + ": \"false\"");
      }
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      return new Injection.Skipped(input, "hostNetwork pod (capture would redirect the node's traffic)");
    }
    if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
      throw new IllegalArgumentException("spec.containers: a pod needs at least one container");
    }
    List<Integer> appPorts = appPorts(spec.getContainers());
    SidecarContainers parts = new SidecarContainers(settings);

    List<Container> containers = new ArrayList<>(spec.getContainers());
    containers.add(parts.proxy(appPorts));
    spec.setContainers(containers);
    // Last: the app's own init containers run before capture, so their network calls need no sidecar.
    List<Container> inits = new ArrayList<>(spec.getInitContainers() == null ? List.of() : spec.getInitContainers());
    inits.add(parts.init(appPorts));
    spec.setInitContainers(inits);
    List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
    volumes.addAll(parts.volumes());
    spec.setVolumes(volumes);

    Map<String, String> newAnnotations = new LinkedHashMap<>(annotations);
    newAnnotations.putIfAbsent(DEFAULT_CONTAINER, input.getSpec().getContainers().get(0).getName());
    newAnnotations.put(STATUS_ANNOTATION, parts.status());
    meta.setAnnotations(newAnnotations);
    template.setMetadata(meta);
    return new Injection.Injected(template);
  }

  /** Every declared TCP containerPort of the app containers, in declaration order, without the mesh's own. */
  static List<Integer> appPorts(List<Container> containers) {
    List<Integer> ports = new ArrayList<>();
    for (Container container : containers) {
      for (ContainerPort port : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        Integer number = port.getContainerPort();
        if ("TCP".equalsIgnoreCase(protocol) && number != null && !MeshPorts.ALL.contains(number) && !ports.contains(number)) {
          ports.add(number);
        }
      }
    }
    return List.copyOf(ports);
  }

  private static boolean hasContainer(List<Container> containers, String name) {
    return containers != null && containers.stream().anyMatch(c -> name.equals(c.getName()));
  }
}
