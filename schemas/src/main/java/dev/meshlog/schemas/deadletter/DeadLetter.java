package dev.meshlog.schemas.deadletter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The one dead-letter format of the mesh: Kafka Streams' own (KIP-1034). The record keeps the ORIGINAL key and value
 * bytes and the original headers, and adds the {@code __streams.errors.*} headers naming where it came from and why it
 * could not be read. The Streams jobs get it from Kafka's handler; plain consumers (proxy, ingest) build it here, so a
 * tool reading mesh.deadletter sees one format whoever wrote the record.
 */
public final class DeadLetter {

  // The names of org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils, copied so that the proxy and ingest,
  // which do not run Streams, need not carry it; DeadLetterTest checks they stay equal.
  public static final String HEADER_EXCEPTION = "__streams.errors.exception";
  public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
  public static final String HEADER_MESSAGE = "__streams.errors.message";
  public static final String HEADER_TOPIC = "__streams.errors.topic";
  public static final String HEADER_PARTITION = "__streams.errors.partition";
  public static final String HEADER_OFFSET = "__streams.errors.offset";

  private DeadLetter() {}

  /** The dead letter of a record read as raw bytes. */
  public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> source, Exception error) {
    return of(deadLetterTopic, source, source.key(), source.value(), error);
  }

  /**
   * The dead letter of {@code source}, whose key or value a consumer may already have turned into objects: the caller
   * passes the bytes as they were on the wire.
   */
  public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<?, ?> source, byte[] rawKey, byte[] rawValue,
      Exception error) {
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    // As Kafka's handler does: no partition (the producer's partitioner picks it), the source record's timestamp.
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(deadLetterTopic, null, source.timestamp(), rawKey, rawValue);
    for (Header header : source.headers()) {
      dead.headers().add(header);
    }
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace)); // into the header, as Kafka's handler does; nothing is printed
    dead.headers().add(HEADER_EXCEPTION, utf8(error.getClass().getName()));
    dead.headers().add(HEADER_MESSAGE, utf8(error.getMessage()));
    dead.headers().add(HEADER_STACKTRACE, utf8(trace.toString()));
    dead.headers().add(HEADER_TOPIC, utf8(source.topic()));
    dead.headers().add(HEADER_PARTITION, utf8(String.valueOf(source.partition())));
    dead.headers().add(HEADER_OFFSET, utf8(String.valueOf(source.offset())));
    return dead;
  }

  /** The value of one of the headers above (the last one of that name), if the record has it. */
  public static Optional<String> header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}
