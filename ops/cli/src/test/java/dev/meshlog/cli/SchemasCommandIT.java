package dev.meshlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.avro.ProxyAck;
import dev.meshlog.kafka.local.KafkaBroker;
import dev.meshlog.schemas.SchemaCatalog;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.Topics;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code meshlog schemas} on a real broker: the catalog as published, one schema by fingerprint, clear refusals. */
@ExtendWith(KafkaBroker.class)
class SchemasCommandIT {

  @Test
  void shouldListEveryPublishedSchemaAndPrintOneByFingerprint() {
    String bootstrap = KafkaBroker.bootstrapServers();
    String prefix = KafkaBroker.uniqueName("schemas") + ".";
    Topics topics = Topics.withPrefix(prefix);
    TopicAdmin.ensureTopics(bootstrap, List.of(topics.schemaCatalog()), 1, (short) 1);
    String[] connect = {"--bootstrap", bootstrap, "--topic-prefix", prefix};

    CliRun empty = CliRun.of(args(connect));
    assertEquals(1, empty.exitCode());
    assertTrue(empty.err().contains(prefix + "mesh.schemas is empty"), empty.err());

    SchemaCatalogPublisher.publish(bootstrap, topics.schemaCatalog());
    CliRun list = CliRun.of(args(connect));
    assertEquals(0, list.exitCode(), list.err());
    String ack = SchemaCatalogPublisher.key(ProxyAck.getClassSchema());
    assertTrue(list.out().contains(ack + "   dev.meshlog.avro.ProxyAck\n"), list.out());
    assertEquals(SchemaCatalog.MESSAGES.size() + 1, list.out().split("\n").length, list.out());

    CliRun one = CliRun.of(args(connect, "--fingerprint", ack.toUpperCase()));
    assertEquals(0, one.exitCode(), one.err());
    assertEquals(ProxyAck.getClassSchema(), new Schema.Parser().parse(one.out()));

    CliRun unknown = CliRun.of(args(connect, "--fingerprint", "0123456789abcdef"));
    assertEquals(1, unknown.exitCode());
    assertTrue(unknown.err().contains("--fingerprint 0123456789abcdef: no such schema in " + prefix + "mesh.schemas"), unknown.err());

    CliRun malformed = CliRun.of(args(connect, "--fingerprint", "xyz"));
    assertEquals(2, malformed.exitCode());
    assertTrue(malformed.err().contains("--fingerprint: expected 16 hex digits"), malformed.err());
  }

  private static String[] args(String[] connect, String... more) {
    String[] all = new String[1 + connect.length + more.length];
    all[0] = "schemas";
    System.arraycopy(connect, 0, all, 1, connect.length);
    System.arraycopy(more, 0, all, 1 + connect.length, more.length);
    return all;
  }
}
