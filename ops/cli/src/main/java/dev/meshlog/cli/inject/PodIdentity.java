package dev.meshlog.cli.inject;

import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who an injected sidecar is, learnt from its pod (the downward API) instead of flags: proxy id
 * {@code <pod>.<namespace>} (Istio's form, and what ingest writes into the pod's workload record),
 * service from the {@code service.meshlog.dev/name} annotation or label, else the {@code app} label,
 * else {@code app.kubernetes.io/name}; labels from the pod; app ports from {@code MESHLOG_APP_PORTS}.
 */
public record PodIdentity(String podName, String namespace, String serviceAccount, String podIp, String service,
    Map<String, String> labels, List<Integer> appPorts) {

  public static final String SERVICE_KEY = "service.meshlog.dev/name";
  public static final Path PODINFO_DIR = Path.of(SidecarContainers.PODINFO_DIR);

  public PodIdentity {
    labels = Map.copyOf(labels);
    appPorts = List.copyOf(appPorts);
  }

  public String proxyId() {
    return podName + "." + namespace;
  }

  /** From the injected container's environment and the pod-info volume in {@code podinfo}. */
  public static PodIdentity from(Map<String, String> env, Path podinfo) {
    String pod = required(env, "POD_NAME");
    String namespace = required(env, "POD_NAMESPACE");
    Map<String, String> labels = DownwardApiFile.read(podinfo.resolve("labels"));
    Map<String, String> annotations = DownwardApiFile.read(podinfo.resolve("annotations"));
    String service = firstOf(annotations.get(SERVICE_KEY), labels.get(SERVICE_KEY), labels.get("app"),
        labels.get("app.kubernetes.io/name"));
    if (service == null) {
      throw new IllegalArgumentException("pod " + pod + "." + namespace + ": no service name in " + podinfo
          + ": label the pod app=<service> or annotate it " + SERVICE_KEY + "=<service>");
    }
    return new PodIdentity(pod, namespace, env.getOrDefault("SERVICE_ACCOUNT", "default"), env.getOrDefault("INSTANCE_IP", ""),
        service, labels, ports(env.getOrDefault(SidecarContainers.APP_PORTS_ENV, "")));
  }

  /**
   * The sidecar for this pod: listeners on {@code ports} (in a pod, all addresses: capture redirects to
   * the pod IP and to loopback), inbound to the first app port (none without one: a client-only sidecar).
   */
  public SidecarConfig sidecarConfig(PodPorts ports, String bootstrap, Topics topics) {
    Map<String, String> workloadLabels = new LinkedHashMap<>(labels);
    workloadLabels.putIfAbsent("app", service);
    boolean inbound = !appPorts.isEmpty();
    return new SidecarConfig(proxyId(), service, namespace, workloadLabels, ports.bindAddress(), inbound ? ports.inbound() : 0,
        inbound ? appPorts.get(0) : 0, ports.outbound(), bootstrap, topics, ports.admin());
  }

  private static List<Integer> ports(String value) {
    List<Integer> ports = new ArrayList<>();
    for (String part : value.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        int port = Integer.parseInt(part.strip());
        if (port < 1 || port > 65_535) {
          throw new NumberFormatException();
        }
        ports.add(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(SidecarContainers.APP_PORTS_ENV + ": expected ports separated by commas, got '" + value + "'");
      }
    }
    return ports;
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + ": not set (--pod runs in an injected pod, where the downward API sets it)");
    }
    return value;
  }

  private static String firstOf(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
