package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.ConnectionTelemetry;
import dev.meshlog.avro.RequestTelemetry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for telemetry is when the proxy saw the request ({@code RequestTelemetry.time}), not
 * when the batch reached Kafka: proxies linger and batch, so the append time can lag by a window.
 * Windows must follow the request, so late batches land in the window they belong to (within grace).
 */
public final class TelemetryTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof RequestTelemetry telemetry && telemetry.getTime() != null) {
      long millis = telemetry.getTime().toEpochMilli();
      if (millis >= 0) {
        return millis;
      }
    }
    if (record.value() instanceof ConnectionTelemetry connection && connection.getTime() != null) {
      long millis = connection.getTime().toEpochMilli();
      if (millis >= 0) {
        return millis;
      }
    }
    // No usable event time (tombstone or a bogus clock): the producer's timestamp is the next best
    // guess; Streams drops the record (with a warning) only if both are negative.
    return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
  }
}
