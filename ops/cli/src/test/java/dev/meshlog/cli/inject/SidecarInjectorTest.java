package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SidecarInjectorTest {

  private final ManifestInjector manifests = new ManifestInjector(
      new SidecarInjector(new InjectionSettings("registry.example/meshlog:9", "kafka.meshlog.svc:9092")));

  @Test
  void shouldAddSidecarInitContainerVolumesAndStatusToADeployment() {
    List<JsonNode> out = Manifests.documents(manifests.inject(Manifests.fixture("reviews.yaml")).yaml());
    PodTemplateSpec template = Manifests.as(out.get(1), Deployment.class).getSpec().getTemplate();
    PodSpec spec = template.getSpec();

    assertEquals(List.of("reviews", "meshlog-proxy"), names(spec.getContainers()));
    assertEquals(List.of("migrate", "meshlog-init"), names(spec.getInitContainers()), "capture starts after the app's init containers");
    Container proxy = spec.getContainers().get(1);
    assertEquals("registry.example/meshlog:9", proxy.getImage());
    assertEquals(List.of("proxy", "--pod", "--k8s-token-file", "/var/run/secrets/meshlog/tokens/token"), proxy.getArgs());
    assertEquals(1337L, proxy.getSecurityContext().getRunAsUser());
    assertEquals(List.of(15001, 15006, 15000), proxy.getPorts().stream().map(p -> p.getContainerPort()).collect(Collectors.toList()));
    assertEquals("/ready", proxy.getReadinessProbe().getHttpGet().getPath());
    assertEquals(15000, proxy.getReadinessProbe().getHttpGet().getPort().getIntVal());
    assertEquals("160Mi", proxy.getResources().getRequests().get("memory").toString());
    Map<String, EnvVar> env = proxy.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("metadata.namespace", env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("spec.serviceAccountName", env.get("SERVICE_ACCOUNT").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("status.podIP", env.get("INSTANCE_IP").getValueFrom().getFieldRef().getFieldPath());
    assertEquals("kafka.meshlog.svc:9092", env.get("MESHLOG_BOOTSTRAP").getValue());
    assertEquals("9080,9443", env.get("MESHLOG_APP_PORTS").getValue(), "TCP container ports only, in order");

    Container init = spec.getInitContainers().get(1);
    assertEquals(List.of("NET_ADMIN", "NET_RAW"), init.getSecurityContext().getCapabilities().getAdd());
    String script = init.getCommand().get(2);
    assertTrue(script.contains("-A MESHLOG_INBOUND -p tcp --dport 9080 -j MESHLOG_IN_REDIRECT"), script);
    assertTrue(script.contains("REDIRECT --to-ports 15006"), script);
    assertTrue(script.contains("REDIRECT --to-ports 15001"), script);
    assertTrue(script.contains("-m owner --uid-owner 1337 -j RETURN"), script);
    assertTrue(script.contains("-d 127.0.0.1/32 -j RETURN"), script);
    for (int own : List.of(15000, 15001, 15006)) {
      assertTrue(script.contains("-A MESHLOG_INBOUND -p tcp --dport " + own + " -j RETURN"), script);
    }

    Map<String, Volume> volumes = spec.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertEquals("metadata.labels", volumes.get("meshlog-podinfo").getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath());
    assertEquals("labels", volumes.get("meshlog-podinfo").getDownwardAPI().getItems().get(0).getPath());
    assertEquals("meshlog", volumes.get("meshlog-token").getProjected().getSources().get(0).getServiceAccountToken().getAudience());
    assertTrue(proxy.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/meshlog/podinfo")));
    assertTrue(template.getMetadata().getAnnotations().get(SidecarInjector.STATUS_ANNOTATION).contains("meshlog-proxy"));
    assertEquals("reviews", template.getMetadata().getAnnotations().get("kubectl.kubernetes.io/default-container"));
    assertEquals("v1", template.getMetadata().getLabels().get("version"), "the template's labels are kept");
    assertEquals(2, Manifests.as(out.get(1), Deployment.class).getSpec().getReplicas());
  }

  @Test
  void shouldInjectACronJobsPodTemplateAndPassOtherKindsThrough() {
    String input = Manifests.fixture("reviews.yaml");
    List<JsonNode> in = Manifests.documents(input);
    List<JsonNode> out = Manifests.documents(manifests.inject(input).yaml());

    assertEquals(4, out.size());
    PodSpec job = Manifests.as(out.get(2), CronJob.class).getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertEquals(List.of("report", "meshlog-proxy"), names(job.getContainers()));
    assertEquals("", job.getContainers().get(1).getEnv().stream().filter(e -> e.getName().equals("MESHLOG_APP_PORTS"))
        .findFirst().orElseThrow().getValue(), "no declared port: a client-only sidecar");
    assertFalse(job.getInitContainers().get(0).getCommand().get(2).contains("-j MESHLOG_IN_REDIRECT\n"),
        "no inbound capture without an app port");
    assertEquals(in.get(0), out.get(0), "the Service is unchanged");
    assertEquals(in.get(3), out.get(3), "the ConfigMap is unchanged");
  }

  @Test
  void shouldChangeNothingWhenInjectingAnInjectedManifest() {
    String once = manifests.inject(Manifests.fixture("reviews.yaml")).yaml();
    ManifestInjector.Result twice = manifests.inject(once);

    assertEquals(Manifests.documents(once), Manifests.documents(twice.yaml()));
    assertTrue(twice.notes().stream().allMatch(note -> note.endsWith("skipped, already injected")), twice.notes().toString());
  }

  @Test
  void shouldSkipOptedOutAndHostNetworkPods() {
    String input = Manifests.fixture("pods.yaml");
    ManifestInjector.Result result = manifests.inject(input);
    List<JsonNode> in = Manifests.documents(input);
    List<JsonNode> out = Manifests.documents(result.yaml());

    assertEquals(List.of("ratings", "meshlog-proxy"), names(Manifests.as(out.get(0), Pod.class).getSpec().getContainers()));
    for (int i = 1; i < 4; i++) {
      assertEquals(in.get(i), out.get(i), "document " + (i + 1) + " is left alone");
    }
    assertEquals(List.of(
        "document 1 (Pod ratings-0): injected",
        "document 2 (Pod opted-out): skipped, annotation sidecar.istio.io/inject: \"false\"",
        "document 3 (Pod opted-out-meshlog): skipped, annotation meshlog.dev/inject: \"false\"",
        "document 4 (Pod node-agent): skipped, hostNetwork pod (capture would redirect the node's traffic)"), result.notes());
  }

  @Test
  void shouldInjectTheItemsOfAList() {
    String list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n  spec:\n"
        + "    containers:\n    - name: app\n      image: example/app:1\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n";

    ManifestInjector.Result result = manifests.inject(list);

    JsonNode items = Manifests.documents(result.yaml()).get(0).get("items");
    assertEquals(List.of("app", "meshlog-proxy"), names(Manifests.as(items.get(0), Pod.class).getSpec().getContainers()));
    assertEquals("s", items.get(1).path("metadata").path("name").asString());
    assertEquals(List.of("document 1 items[0] (Pod a): injected"), result.notes());
  }

  @Test
  void shouldNotModifyTheTemplateItWasGiven() {
    Pod pod = Manifests.as(Manifests.documents(Manifests.fixture("pods.yaml")).get(0), Pod.class);
    PodTemplateSpec template = new PodTemplateSpec(pod.getMetadata(), pod.getSpec());
    String before = Manifests.SERIALIZATION.asJson(template);

    Injection result = new SidecarInjector(InjectionSettings.defaults()).inject(template);

    assertInstanceOf(Injection.Injected.class, result);
    assertEquals(before, Manifests.SERIALIZATION.asJson(template));
    assertEquals("meshlog/meshlog:0.1.0", result.template().getSpec().getContainers().get(1).getImage());
  }

  private static List<String> names(List<Container> containers) {
    return containers.stream().map(Container::getName).collect(Collectors.toList());
  }
}
