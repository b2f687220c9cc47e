package dev.meshlog.schemas.deadletter;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The Streams jobs' deserialization handler: Kafka's own log-and-continue, which builds the dead letter (KIP-1034) and
 * has Streams write it in the task's transaction, plus the count. The count object travels in the Streams properties
 * under {@link #COUNTS_CONFIG}: Streams hands the handler its original configs, objects included.
 */
public final class CountingDeadLetterHandler extends LogAndContinueExceptionHandler {

  public static final String COUNTS_CONFIG = "meshlog.deadletter.counts";

  private DeadLetterCounts counts;

  /** Sets the handler, the dead-letter topic and the counts on a job's Streams properties. */
  public static Properties install(Properties streams, String deadLetterTopic, DeadLetterCounts counts) {
    streams.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CountingDeadLetterHandler.class);
    streams.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
    streams.put(COUNTS_CONFIG, counts);
    return streams;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    Object given = configs.get(COUNTS_CONFIG);
    if (!(given instanceof DeadLetterCounts)) {
      throw new ConfigException(COUNTS_CONFIG, given, "a DeadLetterCounts instance is required (CountingDeadLetterHandler.install)");
    }
    this.counts = (DeadLetterCounts) given;
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    counts.count(record.topic());
    return response;
  }
}
