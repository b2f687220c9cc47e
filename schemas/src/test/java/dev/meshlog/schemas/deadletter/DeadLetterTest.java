package dev.meshlog.schemas.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static final byte[] KEY = "proxy-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GARBAGE = {1, 2, 3, (byte) 0xff};

  @Test
  void shouldUseKafkaStreamsHeaderNames() {
    assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, DeadLetter.HEADER_EXCEPTION);
    assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME, DeadLetter.HEADER_STACKTRACE);
    assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, DeadLetter.HEADER_MESSAGE);
    assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, DeadLetter.HEADER_TOPIC);
    assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, DeadLetter.HEADER_PARTITION);
    assertEquals(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, DeadLetter.HEADER_OFFSET);
  }

  @Test
  void shouldBuildTheSameRecordAsKafkaStreamsDoes() {
    Headers original = new RecordHeaders().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("mesh.proxy.snapshots", 2, 41L, 1234L, TimestampType.CREATE_TIME,
        KEY.length, GARBAGE.length, KEY, GARBAGE, original, Optional.empty());
    SerializationException error = new SerializationException("not single-object Avro");

    ProducerRecord<byte[], byte[]> ours = DeadLetter.of("mesh.deadletter", source, error);
    ProducerRecord<byte[], byte[]> kafkas = ExceptionHandlerUtils.buildDeadLetterQueueRecord("mesh.deadletter", KEY, GARBAGE,
        context(source), error);

    assertEquals(kafkas.topic(), ours.topic());
    assertNull(ours.partition());
    assertEquals(kafkas.timestamp(), ours.timestamp());
    assertArrayEquals(GARBAGE, ours.value(), "the original bytes");
    assertArrayEquals(KEY, ours.key());
    assertEquals(render(kafkas.headers()), render(ours.headers()));
    assertEquals(Optional.of("41"), DeadLetter.header(ours.headers(), DeadLetter.HEADER_OFFSET));
    assertEquals(Optional.of("2"), DeadLetter.header(ours.headers(), DeadLetter.HEADER_PARTITION));
    assertEquals(Optional.of("mesh.proxy.snapshots"), DeadLetter.header(ours.headers(), DeadLetter.HEADER_TOPIC));
  }

  private static List<String> render(Headers headers) {
    return java.util.stream.StreamSupport.stream(headers.spliterator(), false)
        .map((Header h) -> h.key() + "=" + (h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8)))
        // the stack traces differ by the line that built them; the exception's name and message do not
        .map(s -> s.startsWith(DeadLetter.HEADER_STACKTRACE) ? s.lines().findFirst().orElse("") : s)
        .toList();
  }

  private static ErrorHandlerContext context(ConsumerRecord<byte[], byte[]> source) {
    return new ErrorHandlerContext() {
      @Override public String topic() { return source.topic(); }
      @Override public int partition() { return source.partition(); }
      @Override public long offset() { return source.offset(); }
      @Override public Headers headers() { return source.headers(); }
      @Override public String processorNodeId() { return "source"; }
      @Override public TaskId taskId() { return new TaskId(0, source.partition()); }
      @Override public long timestamp() { return source.timestamp(); }
      @Override public byte[] sourceRawKey() { return source.key(); }
      @Override public byte[] sourceRawValue() { return source.value(); }
    };
  }
}
