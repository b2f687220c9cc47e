package dev.meshlog.engine.ca.signer;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Where a request was read: the audit record names the request's own topic, partition and offset.
 * Requests are re-keyed by identity through a repartition topic before they are decided, so the
 * origin travels in headers, stamped before the repartition.
 */
record RequestOrigin(String topic, int partition, long offset) {

  static final RequestOrigin UNKNOWN = new RequestOrigin("", -1, -1);
  private static final String TOPIC = "meshlog.ca.request.topic";
  private static final String PARTITION = "meshlog.ca.request.partition";
  private static final String OFFSET = "meshlog.ca.request.offset";

  static Optional<RequestOrigin> of(Headers headers) {
    Header topic = headers.lastHeader(TOPIC);
    Header partition = headers.lastHeader(PARTITION);
    Header offset = headers.lastHeader(OFFSET);
    if (topic == null || partition == null || offset == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new RequestOrigin(text(topic), Integer.parseInt(text(partition)), Long.parseLong(text(offset))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String text(Header header) {
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Stamps each record with its source position (replacing any stamp a producer may have forged). */
  static final class Stamp<V> implements FixedKeyProcessor<String, V, V> {

    private FixedKeyProcessorContext<String, V> context;

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
      Headers headers = record.headers();
      headers.remove(TOPIC).remove(PARTITION).remove(OFFSET);
      context.recordMetadata().ifPresent(m -> headers
          .add(TOPIC, m.topic().getBytes(StandardCharsets.UTF_8))
          .add(PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8))
          .add(OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8)));
      context.forward(record);
    }
  }
}
