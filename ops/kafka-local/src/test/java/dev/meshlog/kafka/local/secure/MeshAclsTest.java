package dev.meshlog.kafka.local.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class MeshAclsTest {

  private final Topics topics = Topics.withPrefix("t.");
  private final MeshAcls acls = MeshAcls.of(topics);

  @Test
  void shouldLetAProxyWriteOnlyAcksCsrsAndTelemetryAndReadOnlyItsConfig() {
    List<AclBinding> proxy = acls.proxy("a");
    assertEquals(Set.of(topics.proxyAcks().name(), topics.caRequests().name(), topics.telemetryRequests().name(),
        topics.telemetryConnections().name()),
        topicsWith(proxy, AclOperation.WRITE));
    assertEquals(Set.of(topics.proxySnapshots().name(), topics.caCertificates().name(), topics.caBundle().name()),
        topicsWith(proxy, AclOperation.READ));
    assertTrue(proxy.stream().allMatch(b -> b.entry().principal().equals("User:proxy-a")));
    assertTrue(proxy.stream().allMatch(b -> b.pattern().resourceType() == ResourceType.TOPIC
        && b.pattern().patternType() == PatternType.LITERAL), "no prefixed, group or transactional grant for a proxy");
  }

  @Test
  void shouldKeepPolicyWritesWithTheEngineIngestAndCli() {
    Set<String> engineWrites = topicsWith(acls.engine(), AclOperation.WRITE);
    assertTrue(engineWrites.containsAll(names(topics.policyEvents(), topics.proxySnapshots(), topics.caCertificates(),
        topics.caAudit(), topics.caBundle(), topics.deadLetter())));
    assertFalse(engineWrites.contains(topics.policyCommands().name()));
    assertEquals(names(topics.policyCommands(), topics.clusterEvents()), topicsWith(acls.ingest(), AclOperation.WRITE));
    assertEquals(names(topics.policyCommands(), topics.clusterEvents()), topicsWith(acls.cli(), AclOperation.WRITE));
    assertTrue(topicsWith(acls.ingest(), AclOperation.READ).isEmpty());
    assertEquals(names(topics.telemetryMetrics(), topics.telemetryTcpMetrics(), topics.deadLetter()), topicsWith(acls.pipeline(), AclOperation.WRITE));
  }

  @Test
  void shouldGiveOnlyTheEngineTheCertificateRequests() {
    List<AclBinding> everyone = acls.all(List.of("a", "b"));
    Set<String> readers = everyone.stream()
        .filter(b -> b.pattern().name().equals(topics.caRequests().name()) && b.entry().operation() == AclOperation.READ)
        .map(b -> b.entry().principal()).collect(Collectors.toSet());
    assertEquals(Set.of("User:meshlog-engine"), readers);
  }

  @Test
  void shouldGrantStreamsResourcesByApplicationIdPrefix() {
    MeshAcls custom = new MeshAcls(topics, MeshPrincipals.defaults().withApplicationIds("it-engine", "it-pipeline"));
    assertTrue(custom.engine().stream().anyMatch(b -> b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID
        && b.pattern().name().equals("it-engine-") && b.pattern().patternType() == PatternType.PREFIXED));
    assertTrue(custom.pipeline().stream().anyMatch(b -> b.pattern().resourceType() == ResourceType.GROUP
        && b.pattern().name().equals("it-pipeline") && b.pattern().patternType() == PatternType.PREFIXED));
    assertTrue(custom.cli().stream().anyMatch(b -> b.pattern().resourceType() == ResourceType.TRANSACTIONAL_ID
        && b.pattern().name().equals("meshlog-ingest-")));
  }

  @Test
  void shouldLeaveProxySelfRegistrationOptIn() {
    assertEquals(Set.of(topics.clusterEvents().name()), topicsWith(acls.proxySelfRegistration("a"), AclOperation.WRITE));
    assertTrue(acls.all(List.of("a")).stream().noneMatch(b -> b.entry().principal().equals("User:proxy-a")
        && b.pattern().name().equals(topics.clusterEvents().name())));
  }

  @Test
  void shouldPrintOneKafkaAclsCommandPerBindingWithoutApplying() throws Exception {
    var buffer = new java.io.ByteArrayOutputStream();
    int rc = MeshAclTool.run(new String[] {"--bootstrap", "kafka:9092", "--topic-prefix", "t.", "--proxy", "a", "--proxy", "b",
        "--proxy-self-registration"}, new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
    List<String> lines = buffer.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertEquals(0, rc);
    assertEquals(acls.all(List.of("a", "b")).size() + 2, lines.size());
    assertTrue(lines.stream().allMatch(l -> l.startsWith("kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add")));
  }

  @Test
  void shouldRenderKafkaAclsCommands() {
    List<String> lines = AclScript.commands(acls.proxy("a").subList(0, 1), "kafka:9092", "admin.properties");
    assertEquals("kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add"
        + " --allow-principal User:proxy-a --operation Write --topic t.mesh.proxy.acks", lines.get(0));
    String prefixed = AclScript.command(acls.engine().get(acls.engine().size() - 1), "kafka:9092", "admin.properties");
    assertTrue(prefixed.endsWith("--transactional-id meshlog-engine- --resource-pattern-type prefixed"), prefixed);
  }

  @Test
  void shouldNeverShowAPasswordInToString() {
    ScramUser user = new ScramUser("proxy-a", "s3cret");
    assertFalse(user.toString().contains("s3cret"));
    assertTrue(ScramClient.jaasConfig(new ScramUser("u", "p\"q")).contains("password=\"p\\\"q\""));
  }

  private static Set<String> topicsWith(List<AclBinding> bindings, AclOperation operation) {
    return bindings.stream()
        .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().patternType() == PatternType.LITERAL)
        .filter(b -> b.entry().operation() == operation)
        .map(b -> b.pattern().name()).collect(Collectors.toSet());
  }

  private static Set<String> names(TopicSpec<?, ?>... specs) {
    return java.util.Arrays.stream(specs).map(TopicSpec::name).collect(Collectors.toSet());
  }
}
