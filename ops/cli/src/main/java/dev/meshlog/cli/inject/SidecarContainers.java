package dev.meshlog.cli.inject;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The containers and volumes injection adds, built from the settings and the app's ports. */
final class SidecarContainers {

  static final String PROXY = "meshlog-proxy";
  static final String INIT = "meshlog-init";
  static final String PODINFO_VOLUME = "meshlog-podinfo";
  static final String TOKEN_VOLUME = "meshlog-token";
  static final String KAFKA_VOLUME = "meshlog-kafka-config";
  /** Where the sidecar finds its Kafka login, when the operator gives one; the jobs' pods use the same path. */
  static final String KAFKA_DIR = "/etc/meshlog/kafka";
  /** Where the proxy reads the pod's labels (and annotations) in pod mode. */
  static final String PODINFO_DIR = "/etc/meshlog/podinfo";
  static final String TOKEN_DIR = "/var/run/secrets/meshlog/tokens";
  /** The audience the engine's TokenReview asks the API server to check. */
  static final String TOKEN_AUDIENCE = "meshlog";
  static final String APP_PORTS_ENV = "MESHLOG_APP_PORTS";

  private final InjectionSettings settings;

  SidecarContainers(InjectionSettings settings) {
    this.settings = settings;
  }

  Container proxy(List<Integer> appPorts) {
    ContainerBuilder proxy = new ContainerBuilder()
        .withName(PROXY)
        .withImage(settings.image())
        .withArgs("proxy", "--pod", "--k8s-token-file", TOKEN_DIR + "/token")
        .withEnv(fieldEnv("POD_NAME", "metadata.name"), fieldEnv("POD_NAMESPACE", "metadata.namespace"),
            fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"), fieldEnv("INSTANCE_IP", "status.podIP"),
            new EnvVar("MESHLOG_BOOTSTRAP", settings.bootstrap(), null),
            new EnvVar(APP_PORTS_ENV, appPorts.stream().map(String::valueOf).collect(Collectors.joining(",")), null))
        .addNewPort().withName("mesh-outbound").withContainerPort(MeshPorts.OUTBOUND).withProtocol("TCP").endPort()
        .addNewPort().withName("mesh-inbound").withContainerPort(MeshPorts.INBOUND).withProtocol("TCP").endPort()
        .addNewPort().withName("mesh-admin").withContainerPort(MeshPorts.ADMIN).withProtocol("TCP").endPort()
        .withNewReadinessProbe()
          .withNewHttpGet().withPath("/ready").withPort(new IntOrString(MeshPorts.ADMIN)).endHttpGet()
          .withInitialDelaySeconds(1).withPeriodSeconds(2).withFailureThreshold(30)
        .endReadinessProbe()
        // ops/bench/README.md: about 140 MB RSS idle and 160 MB under load (32 MB heap), ~0.1 core at 1,000 rps.
        .withNewResources()
          .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("160Mi")))
          .withLimits(Map.of("cpu", new Quantity("2"), "memory", new Quantity("256Mi")))
        .endResources()
        .withNewSecurityContext()
          .withRunAsUser(MeshPorts.PROXY_UID).withRunAsGroup(MeshPorts.PROXY_UID).withRunAsNonRoot(true)
          .withAllowPrivilegeEscalation(false)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount().withName(PODINFO_VOLUME).withMountPath(PODINFO_DIR).withReadOnly(true).endVolumeMount()
        .addNewVolumeMount().withName(TOKEN_VOLUME).withMountPath(TOKEN_DIR).withReadOnly(true).endVolumeMount();
    // The login as a file the proxy reads like every meshlog command ($MESHLOG_KAFKA_CONFIG), never as env values.
    settings.kafkaSecret().ifPresent(secret -> proxy
        .addToEnv(new EnvVar("MESHLOG_KAFKA_CONFIG", KAFKA_DIR + "/" + InjectionSettings.KAFKA_CONFIG_KEY, null))
        .addNewVolumeMount().withName(KAFKA_VOLUME).withMountPath(KAFKA_DIR).withReadOnly(true).endVolumeMount());
    return proxy.build();
  }

  Container init(List<Integer> appPorts) {
    return new ContainerBuilder()
        .withName(INIT)
        .withImage(settings.image())
        .withCommand("sh", "-c", InitScript.forAppPorts(appPorts))
        .withNewResources()
          .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")))
          .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
        .endResources()
        // Root with only what iptables needs, like istio-init; it exits before the app starts.
        .withNewSecurityContext()
          .withRunAsUser(0L).withRunAsGroup(0L).withRunAsNonRoot(false).withAllowPrivilegeEscalation(false)
          .withNewCapabilities().withAdd("NET_ADMIN", "NET_RAW").withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .build();
  }

  List<Volume> volumes() {
    Volume podinfo = new VolumeBuilder().withName(PODINFO_VOLUME)
        .withNewDownwardAPI()
          .addNewItem().withPath("labels").withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem()
          .addNewItem().withPath("annotations").withNewFieldRef().withFieldPath("metadata.annotations").endFieldRef().endItem()
        .endDownwardAPI()
        .build();
    // A short-lived token only the mesh accepts (its audience), rotated by the kubelet: the first CSR's credential.
    Volume token = new VolumeBuilder().withName(TOKEN_VOLUME)
        .withNewProjected()
          .addNewSource().withNewServiceAccountToken().withAudience(TOKEN_AUDIENCE).withExpirationSeconds(3600L)
            .withPath("token").endServiceAccountToken().endSource()
        .endProjected()
        .build();
    if (settings.kafkaSecret().isEmpty()) {
      return List.of(podinfo, token);
    }
    // Only the properties key, readable by the proxy's user alone (fsGroup may widen it to the group, as for any Secret).
    Volume kafka = new VolumeBuilder().withName(KAFKA_VOLUME)
        .withNewSecret().withSecretName(settings.kafkaSecret().get()).withDefaultMode(0400)
          .addNewItem().withKey(InjectionSettings.KAFKA_CONFIG_KEY).withPath(InjectionSettings.KAFKA_CONFIG_KEY).endItem()
        .endSecret()
        .build();
    return List.of(podinfo, token, kafka);
  }

  /** The status annotation's value: what was added, so a reader (or an uninjector) knows. */
  String status() {
    return "{\"initContainers\":[\"" + INIT + "\"],\"containers\":[\"" + PROXY + "\"],\"volumes\":[\""
        + PODINFO_VOLUME + "\",\"" + TOKEN_VOLUME + "\"" + (settings.kafkaSecret().isPresent() ? ",\"" + KAFKA_VOLUME + "\"" : "")
        + "],\"image\":\"" + settings.image().replace("\"", "\\\"") + "\"}";
  }

  private static EnvVar fieldEnv(String name, String fieldPath) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(fieldPath).endFieldRef()
        .endValueFrom().build();
  }
}
