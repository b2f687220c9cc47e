package dev.meshlog.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"meshlog-engine\" password=\"s3cret-pw\";";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void loadsSecuritySettingsAndMergesThemUnderWhatTheJobSets() throws IOException {
    Path file = write("engine.properties", """
        # a Kafka tools --command-config file
        security.protocol=SASL_PLAINTEXT
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=%s
        ssl.truststore.type=PEM
        client.dns.lookup=use_all_dns_ips
        reconnect.backoff.max.ms=5000
        """.formatted(JAAS.replace("\\", "\\\\")));
    KafkaClientSettings settings = KafkaClientSettings.load(file);

    Map<String, Object> merged = settings.over(Map.of("bootstrap.servers", "127.0.0.1:9092", "acks", "all"));
    assertEquals("SASL_PLAINTEXT", merged.get("security.protocol"));
    assertEquals(JAAS, merged.get("sasl.jaas.config"));
    assertEquals("5000", merged.get("reconnect.backoff.max.ms"));
    assertEquals("127.0.0.1:9092", merged.get("bootstrap.servers"));
    assertEquals("all", merged.get("acks"));

    Properties streams = new Properties();
    streams.put("application.id", "meshlog-engine-sequencer");
    settings.over(streams);
    assertEquals("SCRAM-SHA-512", streams.get("sasl.mechanism"));
    assertEquals("meshlog-engine-sequencer", streams.get("application.id"));
  }

  @Test
  void anEmptyFileIsNone() throws IOException {
    assertSame(KafkaClientSettings.NONE, KafkaClientSettings.load(write("empty.properties", "# nothing\n")));
    assertEquals(Map.of("acks", "all"), KafkaClientSettings.NONE.over(Map.of("acks", "all")));
  }

  @Test
  void refusesTheBootstrapAddressPointingAtTheOption() throws IOException {
    Path file = write("engine.properties", "bootstrap.servers=kafka:9092\n");
    var e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(file));
    assertEquals(file + ": bootstrap.servers: not allowed in --kafka-config, use --bootstrap", e.getMessage());
  }

  @Test
  void refusesWhatMeshlogSetsForCorrectness() throws IOException {
    for (String key : new String[] {"group.id", "transactional.id", "application.id", "acks", "enable.idempotence",
        "isolation.level", "key.serializer", "value.deserializer", "processing.guarantee"}) {
      Path file = write("engine.properties", "security.protocol=SASL_PLAINTEXT\n" + key + "=x\n");
      var e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(file), key);
      assertEquals(file + ": " + key + ": set by Meshlog, not allowed in --kafka-config", e.getMessage());
    }
  }

  @Test
  void refusesUnknownKeys() throws IOException {
    Path file = write("cli.properties", "sasl.mechanism=PLAIN\nbatch.size=1\n");
    var e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(file));
    assertTrue(e.getMessage().startsWith(file + ": batch.size: not a connection or security setting"), e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.properties");
    var e = assertThrows(IllegalArgumentException.class, () -> KafkaClientSettings.load(missing));
    assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
  }

  @Test
  void toStringMasksSecretsButSaysHowItConnects() {
    KafkaClientSettings settings = KafkaClientSettings.of("test", Map.of(
        "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
        "ssl.truststore.password", "trust-pw"));
    String shown = settings.toString();
    assertFalse(shown.contains("s3cret-pw"), shown);
    assertFalse(shown.contains("trust-pw"), shown);
    assertTrue(shown.contains("security.protocol=SASL_SSL"), shown);
    assertTrue(shown.contains("sasl.mechanism=SCRAM-SHA-512"), shown);
    assertTrue(shown.contains("sasl.jaas.config=*****"), shown);
  }
}
