package dev.meshlog.cli.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodIdentityTest {

  private static final Map<String, String> ENV = Map.of("POD_NAME", "reviews-v1-7d9c-x2", "POD_NAMESPACE", "shop",
      "SERVICE_ACCOUNT", "bookinfo-reviews", "INSTANCE_IP", "10.1.2.3", "MESHLOG_APP_PORTS", "9080,9443");

  @TempDir Path podinfo;

  @Test
  void shouldTakeIdentityFromTheDownwardApi() throws IOException {
    Files.writeString(podinfo.resolve("labels"), "app=\"reviews\"\npod-template-hash=\"7d9c\"\nversion=\"v1\"\n");

    PodIdentity pod = PodIdentity.from(ENV, podinfo);

    assertEquals("reviews-v1-7d9c-x2.shop", pod.proxyId());
    assertEquals("reviews", pod.service());
    assertEquals("bookinfo-reviews", pod.serviceAccount());
    assertEquals("10.1.2.3", pod.podIp());
    assertEquals(Map.of("app", "reviews", "pod-template-hash", "7d9c", "version", "v1"), pod.labels());
    assertEquals(List.of(9080, 9443), pod.appPorts());
  }

  @Test
  void shouldPreferTheServiceAnnotationAndUnescapeGoQuotedValues() throws IOException {
    Files.writeString(podinfo.resolve("labels"), "app=\"reviews\"\nnote=\"say \\\"hi\\\" \\\\ there\"\n");
    Files.writeString(podinfo.resolve("annotations"), "kubernetes.io/config.seen=\"2026-11-26T10:00:00Z\"\n"
        + "service.meshlog.dev/name=\"reviews-api\"\n");

    PodIdentity pod = PodIdentity.from(ENV, podinfo);

    assertEquals("reviews-api", pod.service());
    assertEquals("say \"hi\" \\ there", pod.labels().get("note"));
  }

  @Test
  void shouldFallBackToTheRecommendedNameLabel() throws IOException {
    Files.writeString(podinfo.resolve("labels"), "app.kubernetes.io/name=\"ratings\"\n");

    assertEquals("ratings", PodIdentity.from(ENV, podinfo).service());
  }

  @Test
  void shouldRefuseAPodWithoutIdentityNamingWhatIsMissing() throws IOException {
    IllegalArgumentException noEnv = assertThrows(IllegalArgumentException.class, () -> PodIdentity.from(Map.of(), podinfo));
    assertTrue(noEnv.getMessage().startsWith("POD_NAME: not set"), noEnv.getMessage());

    IllegalArgumentException noService = assertThrows(IllegalArgumentException.class, () -> PodIdentity.from(ENV, podinfo));
    assertTrue(noService.getMessage().contains("no service name"), noService.getMessage());

    Files.writeString(podinfo.resolve("labels"), "app=\"reviews\"\n");
    IllegalArgumentException badPorts = assertThrows(IllegalArgumentException.class,
        () -> PodIdentity.from(Map.of("POD_NAME", "p", "POD_NAMESPACE", "n", "MESHLOG_APP_PORTS", "http"), podinfo));
    assertTrue(badPorts.getMessage().startsWith("MESHLOG_APP_PORTS:"), badPorts.getMessage());

    Files.writeString(podinfo.resolve("labels"), "app: reviews\n");
    IllegalArgumentException badFile = assertThrows(IllegalArgumentException.class, () -> PodIdentity.from(ENV, podinfo));
    assertTrue(badFile.getMessage().endsWith("labels: line 1: expected key=\"value\", got 'app: reviews'"), badFile.getMessage());
  }

  @Test
  void shouldMakeASidecarOnTheMeshPortsForwardingToTheFirstAppPort() throws IOException {
    Files.writeString(podinfo.resolve("labels"), "app=\"reviews\"\nversion=\"v1\"\n");

    SidecarConfig config = PodIdentity.from(ENV, podinfo).sidecarConfig(PodPorts.MESH, "kafka:9092", Topics.DEFAULT);

    assertEquals("reviews-v1-7d9c-x2.shop", config.proxyId());
    assertEquals("shop", config.namespace());
    assertEquals("0.0.0.0", config.bindAddress());
    assertEquals(15001, config.outboundPort());
    assertEquals(15006, config.inboundPort());
    assertEquals(15000, config.adminPort());
    assertEquals(9080, config.appPort());
    assertEquals("v1", config.labels().get("version"));

    SidecarConfig clientOnly = PodIdentity.from(Map.of("POD_NAME", "job-1", "POD_NAMESPACE", "shop"), podinfo)
        .sidecarConfig(PodPorts.MESH, "kafka:9092", Topics.DEFAULT);
    assertFalse(clientOnly.hasInbound(), "no declared port: no inbound listener");
  }
}
