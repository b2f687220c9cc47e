package dev.meshlog.cli.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.cli.Meshlog;
import dev.meshlog.cli.ca.LocalCa;
import dev.meshlog.cli.ca.PluginCaDirectory;
import dev.meshlog.cli.ca.PluginCaFiles;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.engine.ca.signer.CaConfig;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.proxy.Sidecar;
import dev.meshlog.proxy.SidecarConfig;
import dev.meshlog.proxy.SidecarTuning;
import dev.meshlog.proxy.identity.IssuedCertificate;
import dev.meshlog.proxy.identity.WorkloadIdentityConfig;
import dev.meshlog.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code meshlog engine} instances (one topic prefix, so the same Streams groups; {@code --instance-id a} and
 * {@code b}, each its own data directory) on one plug-in CA: a sidecar certified while instance a alone runs and one
 * certified after a stopped and b took its tasks over chain to the same root; the bundle is wiped off the topic while
 * both run, and whichever instance publishes it again publishes the plug-in root alone, as a did first; the cacerts
 * directory is left as it was.
 *
 * <p>Takes about a minute, not 30 s: two engines start one after the other (a alone must certify the first sidecar)
 * and the second has to take the first one's tasks over; no shorter run shows a certificate from each.
 */
@ExtendWith(KafkaBroker.class)
class PluginCaInstancesIT {

  private static final Map<String, String> ENV = Map.of(LocalCa.PASSPHRASE_ENV, PluginCaFiles.PASSPHRASE);
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  @Test
  void shouldIssueUnderOneRootAndPublishOneBundleWhicheverInstanceSigns() throws Exception {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("plugin-ca") + ".";
    Topics topics = Topics.withPrefix(prefix);
    PluginCaFiles cacerts = PluginCaFiles.create(dir, "cacerts");
    String before = cacerts.listing();
    CaConfig ca = PluginCaDirectory.config(cacerts.directory(), CaConfig.DEFAULT_TRUST_DOMAIN, ENV);
    BootstrapTokenIssuer tokens = BootstrapTokenIssuer.forCa(ca); // `meshlog token --plugin-ca`: the key every instance derives

    Started a = start("a", bootstrap, prefix, cacerts.directory());
    Started b = null;
    try (Sidecar first = sidecar(bootstrap, topics, tokens, "reviews-a1.default", "reviews")) {
      IssuedCertificate fromA = awaitCertificate(first);

      b = start("b", bootstrap, prefix, cacerts.directory());
      wipeBundle(bootstrap, topics); // so the instance left running publishes its own bundle after the take-over
      a.engine.stop();
      assertEquals(0, a.exit.get(60, TimeUnit.SECONDS), a.err.toString());

      try (Sidecar second = sidecar(bootstrap, topics, tokens, "ratings-b1.default", "ratings")) {
        IssuedCertificate fromB = awaitCertificate(second);

        X509Certificate root = cacerts.ca().root();
        assertChainsTo(root, fromA);
        assertChainsTo(root, fromB);
        assertEquals(cacerts.ca().certificate(), fromA.chain().get(1), "signed by the plug-in ca-cert.pem");
        assertEquals(cacerts.ca().certificate(), fromB.chain().get(1), "signed by the plug-in ca-cert.pem");
      }
      List<List<X509Certificate>> bundles = new ArrayList<>();
      await().atMost(PATIENCE).untilAsserted(() -> {
        bundles.clear();
        bundles.addAll(bundlesAfterWipe(bootstrap, topics));
        assertFalse(bundles.isEmpty(), "a bundle was published again after the wipe");
      });
      for (List<X509Certificate> bundle : bundles) {
        assertEquals(List.of(cacerts.ca().root()), bundle, "every published bundle is the plug-in root alone");
      }
      assertEquals(before, cacerts.listing(), "nothing written into the plug-in CA's directory");
    } finally {
      a.engine.stop();
      if (b != null) {
        b.engine.stop();
        assertEquals(0, b.exit.get(60, TimeUnit.SECONDS), b.err.toString());
      }
    }
  }

  private record Started(EngineCommand engine, CompletableFuture<Integer> exit, StringWriter err) {}

  private Started start(String instance, String bootstrap, String prefix, Path cacerts) {
    picocli.CommandLine cli = Meshlog.commandLine();
    EngineCommand engine = (EngineCommand) cli.getSubcommands().get("engine").getCommand();
    engine.env = ENV;
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("engine", "--bootstrap", bootstrap,
        "--topic-prefix", prefix, "--data-dir", dir.resolve("data-" + instance).toString(), "--plugin-ca", cacerts.toString(),
        "--instance-id", instance, "--metrics-port", "0"));
    await().atMost(PATIENCE).until(() -> engine.isRunning() || exit.isDone());
    assertTrue(engine.isRunning(), "engine " + instance + ": " + err);
    return new Started(engine, exit, err);
  }

  private static Sidecar sidecar(String bootstrap, Topics topics, BootstrapTokenIssuer tokens, String proxyId, String account) {
    String token = tokens.issue(new SpiffeId(CaConfig.DEFAULT_TRUST_DOMAIN, "default", account), Duration.ofMinutes(10));
    return Sidecar.start(new SidecarConfig(proxyId, account, "default", Map.of("app", account), "127.0.0.1", 0, 0, 0,
        bootstrap, topics), SidecarTuning.defaults().withIdentity(WorkloadIdentityConfig.withToken(token).withServiceAccount(account)));
  }

  private static IssuedCertificate awaitCertificate(Sidecar sidecar) {
    return await().atMost(PATIENCE).until(() -> sidecar.certificates().orElseThrow().state().current(),
        java.util.Optional::isPresent).orElseThrow();
  }

  private static void assertChainsTo(X509Certificate root, IssuedCertificate issued) throws Exception {
    List<X509Certificate> path = issued.chain().stream().filter(c -> !c.equals(root)).toList();
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
  }

  private long wipedAt = -1;

  /** A tombstone for the trust domain's bundle, as an operator clearing the topic would write. */
  private void wipeBundle(String bootstrap, Topics topics) throws Exception {
    try (KafkaProducer<String, MeshTrustBundle> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap), topics.caBundle().keySerde().serializer(), topics.caBundle().valueSerde().serializer())) {
      wipedAt = producer.send(new ProducerRecord<>(topics.caBundle().name(), 0, CaConfig.DEFAULT_TRUST_DOMAIN, null)).get().offset();
    }
  }

  private List<List<X509Certificate>> bundlesAfterWipe(String bootstrap, Topics topics) throws Exception {
    List<List<X509Certificate>> bundles = new ArrayList<>();
    try (KafkaConsumer<String, MeshTrustBundle> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, KafkaBroker.uniqueName("bundle-reader")),
        topics.caBundle().keySerde().deserializer(), topics.caBundle().valueSerde().deserializer())) {
      consumer.subscribe(List.of(topics.caBundle().name()));
      for (int i = 0; i < 6; i++) {
        for (ConsumerRecord<String, MeshTrustBundle> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.offset() > wipedAt && record.value() != null) {
            bundles.add(decode(record.value().getRootsPem()));
          }
        }
      }
    }
    return bundles;
  }

  private static List<X509Certificate> decode(List<String> pems) throws Exception {
    List<X509Certificate> roots = new ArrayList<>();
    for (String pem : pems) {
      roots.add((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    }
    return roots;
  }
}
