package dev.meshlog.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.cli.Meshlog;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** ops/k8s checked without a cluster: it parses, runs real `meshlog` commands, grants what ingest watches, and lists every topic. */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("../k8s");
  /** Commands other issue-8 slices add; until their branches are merged their pods' checks are skipped, not failed. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");
  private static KubernetesClient client;

  @BeforeAll
  static void offlineClient() {
    client = new KubernetesClientBuilder().build(); // only load() is used: no API server is contacted
  }

  @AfterAll
  static void close() {
    client.close();
  }

  private static List<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  private static List<HasMetadata> deployed() {
    List<HasMetadata> all = new ArrayList<>();
    for (String file : kustomized(K8S)) {
      all.addAll(load(K8S.resolve(file)));
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static List<String> kustomized(Path dir) {
    try {
      Map<String, Object> kustomization = Serialization.unmarshal(Files.readString(dir.resolve("kustomization.yaml")), Map.class);
      return (List<String>) kustomization.get("resources");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> ofType(List<HasMetadata> items, Class<T> type) {
    return items.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void shouldParseEveryFileAndListEveryManifestInItsKustomization() throws IOException {
    for (Path dir : List.of(K8S, K8S.resolve("istio-crds"), K8S.resolve("strimzi"))) {
      Set<String> listed = new TreeSet<>(kustomized(dir));
      Set<String> present;
      try (Stream<Path> files = Files.list(dir)) {
        present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
            .collect(Collectors.toCollection(TreeSet::new));
      }
      assertEquals(present, listed, dir + "/kustomization.yaml lists exactly the manifests beside it");
      for (String file : listed) {
        List<HasMetadata> items = load(dir.resolve(file));
        assertFalse(items.isEmpty(), file + " holds resources");
        items.forEach(item -> assertNotNull(item.getMetadata().getName(), file + ": every resource is named"));
      }
    }
    assertEquals("meshlog-system", ofType(deployed(), Namespace.class).get(0).getMetadata().getName());
  }

  @TestFactory
  Stream<DynamicTest> shouldRunExistingMeshlogSubcommandsWithTheirOptions() {
    List<HasMetadata> items = deployed();
    Map<String, String> config = ofType(items, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals("meshlog-kafka"))
        .findFirst().orElseThrow().getData();
    List<DynamicTest> tests = new ArrayList<>();
    for (HasMetadata workload : items) {
      PodSpec pod = podSpec(workload);
      if (pod == null) {
        continue;
      }
      for (Container container : pod.getContainers()) {
        tests.add(DynamicTest.dynamicTest(workload.getKind() + "/" + workload.getMetadata().getName(), () -> {
          List<String> args = container.getArgs();
          assertFalse(args.isEmpty(), "args start with a meshlog subcommand");
          String name = args.get(0);
          CommandLine meshlog = Meshlog.commandLine();
          assertTrue(meshlog.getSubcommands().containsKey(name), "`meshlog " + name + "` exists");
          CommandSpec spec = meshlog.getSubcommands().get(name).getCommandSpec();
          List<String> expanded = new ArrayList<>();
          for (String arg : args) {
            if (arg.startsWith("--")) {
              String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
              assertNotNull(spec.findOption(option), "`meshlog " + name + "` has " + option);
            }
            expanded.add(expand(arg, container.getEnv(), config));
          }
          meshlog.parseArgs(expanded.toArray(String[]::new)); // types: numbers are numbers after the env is expanded
        }));
      }
    }
    assertEquals(4, tests.size(), "engine, pipeline, ingest, webhook");
    return tests.stream();
  }

  private static PodSpec podSpec(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate().getSpec();
    }
    if (workload instanceof StatefulSet s) {
      return s.getSpec().getTemplate().getSpec();
    }
    return null;
  }

  /** Kubernetes' $(VAR) expansion from the container's env; a field reference stands for the namespace. */
  private static String expand(String arg, List<EnvVar> env, Map<String, String> config) {
    Matcher m = VARIABLE.matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      EnvVar var = env.stream().filter(e -> e.getName().equals(m.group(1))).findFirst()
          .orElseThrow(() -> new AssertionError(arg + ": $(" + m.group(1) + ") is not in the container's env"));
      String value;
      if (var.getValue() != null) {
        value = var.getValue();
      } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
        value = config.get(var.getValueFrom().getConfigMapKeyRef().getKey());
        assertNotNull(value, var.getName() + ": the ConfigMap has the key");
      } else {
        value = "meshlog-system";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** What ingest's informers watch: ClusterInformers (core kinds) and IstioResourceType.ALL (the six Istio kinds). */
  private static final List<String> WATCHED = List.of(
      HasMetadata.getGroup(Namespace.class) + "/" + HasMetadata.getPlural(Namespace.class),
      HasMetadata.getGroup(Service.class) + "/" + HasMetadata.getPlural(Service.class),
      HasMetadata.getGroup(Pod.class) + "/" + HasMetadata.getPlural(Pod.class),
      HasMetadata.getGroup(EndpointSlice.class) + "/" + HasMetadata.getPlural(EndpointSlice.class),
      "networking.istio.io/virtualservices", "networking.istio.io/destinationrules", "networking.istio.io/serviceentries",
      "networking.istio.io/sidecars", "security.istio.io/peerauthentications", "security.istio.io/authorizationpolicies");

  @Test
  void shouldLetIngestGetListAndWatchEverythingItsInformersWatch() {
    List<HasMetadata> items = deployed();
    ClusterRole role = clusterRoleOf(items, serviceAccountOf(items, "meshlog-ingest"));
    for (String watched : WATCHED) {
      String group = watched.substring(0, watched.indexOf('/'));
      String resource = watched.substring(watched.indexOf('/') + 1);
      Set<String> verbs = role.getRules().stream()
          .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
          .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());
      assertTrue(verbs.containsAll(Set.of("get", "list", "watch")), "ingest may get/list/watch " + watched + ": " + verbs);
    }
    assertTrue(role.getRules().stream().flatMap(r -> r.getVerbs().stream()).allMatch(Set.of("get", "list", "watch")::contains),
        "ingest only reads");
  }

  @Test
  void shouldLetOnlyTheEngineCreateTokenReviews() {
    List<HasMetadata> items = deployed();
    ClusterRole role = clusterRoleOf(items, serviceAccountOf(items, "meshlog-engine"));
    PolicyRule rule = role.getRules().get(0);
    assertEquals(List.of("authentication.k8s.io"), rule.getApiGroups());
    assertEquals(List.of("tokenreviews"), rule.getResources());
    assertEquals(List.of("create"), rule.getVerbs());
    StatefulSet engine = ofType(items, StatefulSet.class).get(0);
    assertTrue(engine.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--kubernetes-token-review"));
    assertEquals(1, ofType(items, ClusterRoleBinding.class).stream()
        .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName())).count());
  }

  @Test
  void shouldRunTwoEnginePodsSigningWithTheReadOnlyCacertsSecret() {
    StatefulSet engine = ofType(deployed(), StatefulSet.class).get(0);
    PodSpec pod = engine.getSpec().getTemplate().getSpec();
    assertEquals(2, engine.getSpec().getReplicas(), "two engine instances share the groups");
    List<String> args = pod.getContainers().get(0).getArgs();
    assertTrue(args.contains("--plugin-ca=/etc/meshlog/cacerts") && args.stream().noneMatch(a -> a.startsWith("--ca-dir")),
        "one CA for every pod, not a CA per volume: " + args);
    var mount = pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getMountPath().equals("/etc/meshlog/cacerts")).findFirst().orElseThrow();
    assertTrue(mount.getReadOnly(), "the CA is never written to");
    var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
    assertEquals("cacerts", volume.getSecret().getSecretName(), "Istio's secret name");
    assertTrue(volume.getSecret().getOptional() == null || !volume.getSecret().getOptional(), "no CA, no engine");
  }

  private static String serviceAccountOf(List<HasMetadata> items, String workload) {
    return items.stream().filter(i -> i.getMetadata().getName().equals(workload)).map(KubernetesManifestsTest::podSpec)
        .filter(s -> s != null).findFirst().orElseThrow().getServiceAccountName();
  }

  private static ClusterRole clusterRoleOf(List<HasMetadata> items, String serviceAccount) {
    ClusterRoleBinding binding = ofType(items, ClusterRoleBinding.class).stream()
        .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(serviceAccount)
            && "meshlog-system".equals(s.getNamespace())))
        .findFirst().orElseThrow(() -> new AssertionError(serviceAccount + " is bound to a ClusterRole"));
    return ofType(items, ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
        .findFirst().orElseThrow();
  }

  @Test
  void shouldInjectInLabelledNamespacesThroughTheWebhookService() {
    List<HasMetadata> items = deployed();
    MutatingWebhook webhook = ofType(items, MutatingWebhookConfiguration.class).get(0).getWebhooks().get(0);
    assertEquals(Map.of("meshlog-injection", "enabled"), webhook.getNamespaceSelector().getMatchLabels());
    Service service = ofType(items, Service.class).stream()
        .filter(s -> s.getMetadata().getName().equals(webhook.getClientConfig().getService().getName())).findFirst().orElseThrow();
    assertEquals(443, service.getSpec().getPorts().get(0).getPort());
    assertEquals(15017, service.getSpec().getPorts().get(0).getTargetPort().getIntVal());
    assertEquals(443, webhook.getClientConfig().getService().getPort());
    assertEquals("meshlog-system", webhook.getClientConfig().getService().getNamespace());
  }

  @Test
  void shouldDefineTheSixIstioKindsWithAnOpenStructuralSpec() {
    List<CustomResourceDefinition> crds = ofType(load(K8S.resolve("istio-crds/istio-crds.yaml")), CustomResourceDefinition.class);
    assertEquals(Set.of("VirtualService", "DestinationRule", "ServiceEntry", "Sidecar", "PeerAuthentication", "AuthorizationPolicy"),
        crds.stream().map(c -> c.getSpec().getNames().getKind()).collect(Collectors.toSet()));
    for (CustomResourceDefinition crd : crds) {
      assertEquals(1, crd.getSpec().getVersions().stream().filter(CustomResourceDefinitionVersion::getStorage).count());
      assertTrue(crd.getSpec().getVersions().stream().anyMatch(v -> v.getName().equals("v1") && v.getServed()),
          "ingest watches v1 of " + crd.getMetadata().getName());
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        assertEquals(Boolean.TRUE, version.getSchema().getOpenAPIV3Schema().getProperties().get("spec").getXKubernetesPreserveUnknownFields());
      }
    }
  }

  @Test
  void shouldHaveAKafkaTopicForEveryTopicWithItsPartitionsReplicasAndConfigs() {
    List<GenericKubernetesResource> topics = ofType(load(StrimziTopicsFile.FILE), GenericKubernetesResource.class);
    TopicLayout layout = new TopicLayout(Topics.DEFAULT, StrimziTopicsFile.DEFAULT_PARTITIONS);
    assertEquals(Topics.DEFAULT.all().stream().map(TopicSpec::name).toList(),
        topics.stream().map(t -> (String) spec(t).get("topicName")).toList());
    for (TopicSpec<?, ?> topic : Topics.DEFAULT.all()) {
      GenericKubernetesResource resource = topics.stream().filter(t -> spec(t).get("topicName").equals(topic.name())).findFirst().orElseThrow();
      assertEquals("kafka.strimzi.io/v1beta2", resource.getApiVersion());
      assertEquals("KafkaTopic", resource.getKind());
      Map<String, Object> spec = spec(resource);
      assertEquals(layout.partitionsOf(topic), ((Number) spec.get("partitions")).intValue(), topic.name());
      assertEquals(3, ((Number) spec.get("replicas")).intValue(), topic.name());
      @SuppressWarnings("unchecked")
      Map<String, Object> config = new TreeMap<>((Map<String, Object>) spec.get("config"));
      Map<String, Object> expected = new TreeMap<>(topic.configs());
      expected.put("min.insync.replicas", "2");
      assertEquals(expected, config, topic.name());
    }
    assertEquals(1, ((Number) spec(topics.stream().filter(t -> t.getMetadata().getName().equals("mesh.policy.events"))
        .findFirst().orElseThrow()).get("partitions")).intValue(), "the chain and the snapshot inputs keep one partition");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }
}
