package dev.meshlog.kafka.local.secure;

import static dev.meshlog.kafka.local.secure.SecureClients.readFromStart;
import static dev.meshlog.kafka.local.secure.SecureClients.refusedRead;
import static dev.meshlog.kafka.local.secure.SecureClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secure profile on a real broker: SCRAM logins, the StandardAuthorizer denying by default, and
 * {@link MeshAcls} as the only grants. Each test runs on its own prefixed topics, created by the
 * super user, with the ACLs computed for them.
 */
class SecureProfileIT {

  private static final MeshPrincipals NAMES = MeshPrincipals.defaults();
  private static final ScramUser ENGINE = ScramUser.withRandomPassword(NAMES.engine());
  private static final ScramUser CLI = ScramUser.withRandomPassword(NAMES.cli());
  private static final ScramUser INGEST = ScramUser.withRandomPassword(NAMES.ingest());
  private static final ScramUser PIPELINE = ScramUser.withRandomPassword(NAMES.pipeline());
  private static final ScramUser PROXY_A = ScramUser.withRandomPassword(NAMES.proxy("a"));
  private static final ScramUser PROXY_B = ScramUser.withRandomPassword(NAMES.proxy("b"));

  private static SecureEmbeddedKafka broker;
  private static SecureClients clients;

  private Topics topics;
  private MeshPrincipals principals;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = SecureEmbeddedKafka.startTemporary();
    broker.createUsers(List.of(ENGINE, CLI, INGEST, PIPELINE, PROXY_A, PROXY_B));
    clients = new SecureClients(broker);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void topicsAndAcls() throws Exception {
    String run = KafkaBroker.uniqueName("secure");
    topics = Topics.withPrefix(run + ".");
    principals = NAMES.withApplicationIds(run + "-engine", run + "-telemetry");
    List<AclBinding> acls = new MeshAcls(topics, principals).all(List.of("a", "b"));
    try (Admin admin = broker.superUserAdmin()) {
      admin.createTopics(topics.all().stream()
          .map(t -> new NewTopic(t.name(), 1, (short) 1).configs(t.configs())).toList()).all().get(60, TimeUnit.SECONDS);
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
      // ACLs are committed by the controller and applied by the broker's authorizer a moment later.
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(
          () -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).containsAll(acls));
    }
  }

  @Test
  void shouldRefuseAProxyPublishingPolicyCommandsEventsOrSnapshots() throws Exception {
    List<TopicSpec<?, ?>> engineOwned = List.of(topics.policyCommands(), topics.policyEvents(), topics.proxySnapshots());
    try (var producer = clients.producer(PROXY_A)) {
      for (TopicSpec<?, ?> topic : engineOwned) {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(producer, topic.name(), "a"));
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), topic.name());
      }
      send(producer, topics.proxyAcks().name(), "a"); // the same producer still writes what it may
    }
    try (Admin admin = broker.superUserAdmin()) {
      for (TopicSpec<?, ?> topic : engineOwned) {
        var end = admin.listOffsets(Map.of(new TopicPartition(topic.name(), 0), org.apache.kafka.clients.admin.OffsetSpec.latest()))
            .all().get(60, TimeUnit.SECONDS);
        assertEquals(0L, end.values().iterator().next().offset(), "nothing written to " + topic.name());
      }
    }
  }

  @Test
  void shouldRefuseAProxyReadingAnotherProxysCertificateRequest() throws Exception {
    try (var proxyB = clients.producer(PROXY_B)) {
      send(proxyB, topics.caRequests().name(), "b");
    }
    try (var consumer = clients.consumer(PROXY_A)) {
      assertInstanceOf(TopicAuthorizationException.class, refusedRead(consumer, topics.caRequests().name()));
    }
  }

  @Test
  void shouldLetAProxyWriteItsAckCsrAndTelemetryAndReadItsConfig() throws Exception {
    try (var proxy = clients.producer(PROXY_A)) {
      send(proxy, topics.proxyAcks().name(), "a");
      send(proxy, topics.caRequests().name(), "a");
      send(proxy, topics.telemetryRequests().name(), "a");
    }
    try (var engine = clients.producer(ENGINE)) {
      send(engine, topics.proxySnapshots().name(), "a");
      send(engine, topics.caCertificates().name(), "a");
      send(engine, topics.caBundle().name(), "mesh");
    }
    try (var consumer = clients.consumer(PROXY_A)) {
      List<ConsumerRecord<String, byte[]>> read = readFromStart(consumer, 3,
          topics.proxySnapshots().name(), topics.caCertificates().name(), topics.caBundle().name());
      assertEquals(3, read.size());
    }
  }

  @Test
  void shouldLetTheEngineReadCertificateRequestsAndWriteSnapshotsInATransaction() throws Exception {
    try (var proxy = clients.producer(PROXY_A)) {
      send(proxy, topics.caRequests().name(), "a");
    }
    try (var consumer = clients.consumer(ENGINE)) {
      assertEquals(List.of("a"), readFromStart(consumer, 1, topics.caRequests().name()).stream().map(ConsumerRecord::key).toList());
    }
    String transactionalId = principals.engineApplicationIdPrefix() + "-signer-0";
    try (var engine = clients.producer(ENGINE, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
      engine.initTransactions();
      engine.beginTransaction();
      send(engine, topics.proxySnapshots().name(), "a");
      send(engine, topics.caCertificates().name(), "a");
      engine.commitTransaction();
    }
    try (var consumer = clients.consumer(broker.superUser())) {
      assertEquals(2, readFromStart(consumer, 2, topics.proxySnapshots().name(), topics.caCertificates().name()).size());
    }
  }

  @Test
  void shouldLetTheCliAndIngestPublishPolicyCommandsInATransaction() throws Exception {
    for (ScramUser publisher : List.of(CLI, INGEST)) {
      // PolicyPublisher's transactional ids: meshlog-ingest-<uuid>
      String transactionalId = principals.publisherTransactionalIdPrefix() + UUID.randomUUID();
      try (var producer = clients.producer(publisher, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
        producer.initTransactions();
        producer.beginTransaction();
        send(producer, topics.policyCommands().name(), "VirtualService/default/" + publisher.name());
        producer.commitTransaction();
      }
    }
    try (var consumer = clients.consumer(broker.superUser())) {
      assertEquals(2, readFromStart(consumer, 2, topics.policyCommands().name()).size());
    }
  }

  /**
   * A stateful exactly-once Streams app, as the pipeline: it must create its changelog, join its group
   * and open its transactions with nothing but the application-id-prefixed ACLs (the engine's apps get the
   * same grants under their own prefix).
   */
  @Test
  void shouldRunTheTelemetryPipelineAsAnExactlyOnceStreamsAppUnderItsAcls(@TempDir Path stateDir) throws Exception {
    try (var proxy = clients.producer(PROXY_A)) {
      send(proxy, topics.telemetryRequests().name(), "a");
    }
    Properties config = new Properties();
    config.putAll(broker.clientProperties(PIPELINE));
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, principals.pipelineApplicationId());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.telemetryRequests().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .groupByKey()
        .count(Materialized.as("requests-per-proxy"))
        .toStream()
        .to(topics.telemetryMetrics().name(), Produced.with(Serdes.String(), Serdes.Long()));
    try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
      streams.start();
      try (var consumer = clients.consumer(broker.superUser())) {
        assertEquals(List.of("a"), readFromStart(consumer, 1, topics.telemetryMetrics().name()).stream()
            .map(ConsumerRecord::key).toList());
      }
      assertEquals(KafkaStreams.State.RUNNING, streams.state());
    }
  }

  /** The documented way to apply the ACLs on a real cluster: MeshAclTool --apply with the admin's client properties. */
  @Test
  void shouldApplyTheAclsWithTheToolAndAnAdminPropertiesFile(@TempDir Path dir) throws Exception {
    Path adminProperties = dir.resolve("admin.properties");
    Properties login = new Properties();
    ScramClient.properties(broker.superUser()).forEach((k, v) -> login.setProperty(k, v.toString()));
    try (var out = Files.newBufferedWriter(adminProperties)) {
      login.store(out, null);
    }
    String otherMesh = KafkaBroker.uniqueName("tool") + ".";
    var output = new ByteArrayOutputStream();
    int rc = MeshAclTool.run(new String[] {"--bootstrap", broker.bootstrapServers(), "--command-config", adminProperties.toString(),
        "--topic-prefix", otherMesh, "--proxy", "c", "--apply"}, new PrintStream(output, true, StandardCharsets.UTF_8));
    assertEquals(0, rc, output.toString(StandardCharsets.UTF_8));
    List<AclBinding> expected = MeshAcls.of(Topics.withPrefix(otherMesh)).all(List.of("c"));
    try (Admin admin = broker.superUserAdmin()) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(
          () -> admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).containsAll(expected));
    }
  }
}
