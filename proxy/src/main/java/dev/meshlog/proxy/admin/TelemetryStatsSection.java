package dev.meshlog.proxy.admin;

import dev.meshlog.proxy.admin.PrometheusText.Sample;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.telemetry.PeerExchange;
import dev.meshlog.proxy.telemetry.TelemetryCounters;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The telemetry emitter's families, one sample per stream ({@code stream="requests"} for
 * mesh.telemetry.requests, {@code "connections"} for mesh.telemetry.connections).
 */
final class TelemetryStatsSection {

  private static final String PREFIX = StatsPage.PREFIX + "telemetry_";

  private TelemetryStatsSection() {}

  static void render(List<TelemetryCounters> streams, PrometheusText text) {
    text.family(PREFIX + "queued", Type.GAUGE, "Telemetry records waiting for the background sender.",
            samples(streams, TelemetryCounters::queued))
        .family(PREFIX + "sent_total", Type.COUNTER, "Telemetry records the broker acknowledged.",
            samples(streams, TelemetryCounters::sent))
        .family(PREFIX + "dropped_total", Type.COUNTER,
            "Telemetry records dropped: the queue was full, or the producer's buffer was exhausted or the broker unknown.",
            samples(streams, TelemetryCounters::dropped))
        .family(PREFIX + "failed_total", Type.COUNTER, "Telemetry records sent but not delivered.",
            samples(streams, TelemetryCounters::failed));
  }

  /** The x-meshlog-peer exchange: peer values used for labels, and those ignored as malformed or oversized. */
  static void renderPeers(PeerExchange peers, PrometheusText text) {
    String prefix = StatsPage.PREFIX + "peer_metadata_";
    text.family(prefix + "accepted_total", Type.COUNTER, "x-meshlog-peer values read from a peer sidecar and used for labels.",
            List.of(new Sample(Map.of(), peers.accepted())))
        .family(prefix + "rejected_total", Type.COUNTER,
            "x-meshlog-peer values ignored: malformed, of another version, or longer than 512 characters.",
            List.of(new Sample(Map.of(), peers.rejected())));
  }

  private static List<Sample> samples(List<TelemetryCounters> streams, ToDoubleFunction<TelemetryCounters> value) {
    return streams.stream().map(s -> new Sample(Map.of("stream", s.stream()), value.applyAsDouble(s))).toList();
  }
}
