package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/** RequestMetric and ConnectionMetric records as the pipeline writes them, for tests. */
final class MetricFixtures {

  static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

  private MetricFixtures() {}

  /** A 10 s per-edge window of productpage -> reviews v1, reported by the destination. */
  static RequestMetric.Builder edge(Instant windowStart, int code, long... durationsMicros) {
    Histogram h = new Histogram(3);
    long sum = 0;
    for (long d : durationsMicros) {
      h.recordValue(d);
      sum += d;
    }
    long errors = code >= 500 ? durationsMicros.length : 0;
    return RequestMetric.newBuilder()
        .setReporter("destination")
        .setSourceWorkload("productpage-v1").setSourceNamespace("default").setSourceApp("productpage").setSourceVersion("v1")
        .setSourcePrincipal("spiffe://cluster.local/ns/default/sa/productpage")
        .setDestinationService("reviews.default.svc.cluster.local").setDestinationWorkload("reviews-v1")
        .setDestinationNamespace("default").setDestinationApp("reviews").setDestinationVersion("v1")
        .setDestinationPrincipal("spiffe://cluster.local/ns/default/sa/reviews")
        .setConnectionSecurityPolicy("mutual_tls")
        .setResponseCode(code)
        .setWindowStart(windowStart).setWindowEnd(windowStart.plusSeconds(10)).setWindowSizeMs(10_000)
        .setRequestCount(durationsMicros.length).setErrorCount(errors)
        .setDurationMicrosSum(sum).setRequestBytesSum(100L * durationsMicros.length).setResponseBytesSum(1000L * durationsMicros.length)
        .setDurationHistogram(encode(h));
  }

  static ByteBuffer encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int length = h.encodeIntoCompressedByteBuffer(buf);
    return ByteBuffer.wrap(buf.array(), 0, length).slice();
  }

  static ConnectionMetric.Builder tcp(Instant windowStart, long opened, long closed, long sent, long received) {
    return ConnectionMetric.newBuilder()
        .setReporter("source")
        .setSourceWorkload("productpage-v1").setSourceNamespace("default")
        .setDestinationService("mysql.default.svc.cluster.local").setDestinationWorkload("mysql-v1")
        .setDestinationNamespace("default")
        .setWindowStart(windowStart).setWindowEnd(windowStart.plusSeconds(10)).setWindowSizeMs(10_000)
        .setConnectionsOpened(opened).setConnectionsClosed(closed).setSentBytes(sent).setReceivedBytes(received);
  }
}
