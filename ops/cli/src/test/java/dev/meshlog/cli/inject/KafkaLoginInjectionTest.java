package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --kafka-secret} of {@code meshlog inject} and the webhook: on a secured cluster the injected sidecar reads its
 * Kafka login from the operator's Secret, as the control-plane pods do; without it the pod spec has no trace of one.
 */
class KafkaLoginInjectionTest {

  @Test
  void shouldMountTheSecretsPropertiesReadOnlyAndPointTheProxyAtThem() {
    PodSpec spec = inject(new InjectionSettings("example/meshlog:5", "kafka:9093", Optional.of("meshlog-kafka-sidecar")));
    Container proxy = proxy(spec);

    EnvVar config = proxy.getEnv().stream().filter(e -> e.getName().equals("MESHLOG_KAFKA_CONFIG")).findFirst().orElseThrow();
    assertEquals("/etc/meshlog/kafka/client.properties", config.getValue());
    VolumeMount mount = proxy.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/etc/meshlog/kafka"))
        .findFirst().orElseThrow();
    assertTrue(mount.getReadOnly());
    Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    assertEquals("meshlog-kafka-sidecar", volume.getSecret().getSecretName());
    assertEquals("client.properties", volume.getSecret().getItems().get(0).getKey());
    assertEquals(0400, volume.getSecret().getDefaultMode());
    assertFalse(proxy.getEnv().stream().anyMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null),
        "the login is a file, not environment values");
  }

  @Test
  void shouldAddNoLoginWithoutTheOption() {
    PodSpec spec = inject(new InjectionSettings("example/meshlog:5", "kafka:9092"));

    assertTrue(proxy(spec).getEnv().stream().noneMatch(e -> e.getName().equals("MESHLOG_KAFKA_CONFIG")));
    assertTrue(spec.getVolumes().stream().noneMatch(v -> v.getSecret() != null), "no Secret volume");
  }

  @Test
  void shouldRefuseANameNoSecretCanHave() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InjectionSettings("example/meshlog:5", "kafka:9092", Optional.of("Kafka_Login")));
    assertTrue(e.getMessage().startsWith("--kafka-secret: 'Kafka_Login' is not a Secret name"), e.getMessage());
  }

  private static PodSpec inject(InjectionSettings settings) {
    ManifestInjector manifests = new ManifestInjector(new SidecarInjector(settings));
    return Manifests.as(Manifests.documents(manifests.inject(Manifests.fixture("reviews.yaml")).yaml()).get(1), Deployment.class)
        .getSpec().getTemplate().getSpec();
  }

  private static Container proxy(PodSpec spec) {
    List<Container> containers = spec.getContainers();
    return containers.stream().filter(c -> c.getName().equals("meshlog-proxy")).findFirst().orElseThrow();
  }
}
