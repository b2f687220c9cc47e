package examples;

import dev.meshlog.avro.AckStatus;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Operation;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.ProxyAck;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.schemas.SchemaCatalogPublisher;
import dev.meshlog.schemas.TopicAdmin;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A small mesh's worth of records, written the way Meshlog writes them (its serdes, its topics, its catalog). */
final class MeshRecords {

  /** Written with a schema no catalog has: what a consumer sees from a writer newer than its catalog. */
  static final Schema UNKNOWN = SchemaBuilder.record("FromTheFuture").namespace("test").fields().requiredString("what").endRecord();

  private MeshRecords() {}

  static PolicyEvent event(long sequence, String name, String actor, Instant time) {
    return PolicyEvent.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("e" + sequence).setType("PolicyUpserted").setSubject("VirtualService/default/" + name)
            .setActor(actor).setReason("canary " + sequence).setSource(Source.CLI).setTime(time).build())
        .setSequence(sequence).setGeneration(1).setOperation(Operation.UPSERT).setApiVersion("networking.istio.io/v1")
        .setKind("VirtualService").setNamespace("default").setName(name)
        .setSpec(VirtualServiceSpec.newBuilder().setHosts(List.of(name + ".default.svc.cluster.local")).build())
        .build();
  }

  static ProxyAck ack(String proxy, long version, AckStatus status, Instant time) {
    return ProxyAck.newBuilder().setProxyId(proxy).setVersion(version).setNonce("hash-" + version).setStatus(status)
        .setErrorDetail(status == AckStatus.NACK ? "route r1 names missing cluster c9" : null).setTime(time).build();
  }

  static byte[] unknownValue() throws Exception {
    GenericRecord record = new GenericData.Record(UNKNOWN);
    record.put("what", "a field no catalog knows");
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), UNKNOWN).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /** Creates the topics and publishes the catalog, as {@code meshlog up} does. */
  static void setUp(String bootstrap, Topics topics) {
    TopicAdmin.ensureTopics(bootstrap, topics.all(), 1, (short) 1);
    SchemaCatalogPublisher.publish(bootstrap, topics.schemaCatalog());
  }

  static <V> void write(String bootstrap, TopicSpec<String, V> topic, Map<String, V> byKey, long timestamp) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), topic.valueSerde().serializer())) {
      for (var e : byKey.entrySet()) {
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp, e.getKey(), e.getValue())).get();
      }
    }
  }

  /** A raw record, with headers, e.g. on the dead-letter topic or with a value of an unknown schema. */
  static void writeRaw(String bootstrap, String topic, String key, byte[] value, Map<String, String> headers) throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), new ByteArraySerializer())) {
      var record = new ProducerRecord<>(topic, key, value);
      headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      producer.send(record).get();
    }
  }
}
