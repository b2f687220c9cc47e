package dev.meshlog.cli.metrics;

import dev.meshlog.avro.RequestMetric;
import org.HdrHistogram.Histogram;

/** Request counts, sums and the duration histogram of one series, over any set of windows. */
record RequestTotals(long requests, long errors, long durationMicrosSum, long requestBytesSum, long responseBytesSum,
    Histogram durations) {

  static RequestTotals zero() {
    return new RequestTotals(0, 0, 0, 0, 0, Histograms.empty());
  }

  static RequestTotals of(RequestMetric m) {
    return new RequestTotals(m.getRequestCount(), m.getErrorCount(), m.getDurationMicrosSum(), m.getRequestBytesSum(),
        m.getResponseBytesSum(), Histograms.decode(m.getDurationHistogram()));
  }

  RequestTotals plus(RequestTotals o) {
    return new RequestTotals(requests + o.requests, errors + o.errors, durationMicrosSum + o.durationMicrosSum,
        requestBytesSum + o.requestBytesSum, responseBytesSum + o.responseBytesSum,
        Histograms.merged(durations, o.durations));
  }

  double successRate() {
    return requests == 0 ? 1.0 : (requests - errors) / (double) requests;
  }
}
