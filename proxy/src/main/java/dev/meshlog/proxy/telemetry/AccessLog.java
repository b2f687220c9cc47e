package dev.meshlog.proxy.telemetry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Envoy-style access log, one line per request, in the order of Istio's default text format
 * (the fields this proxy has):
 *
 * <pre>
 * [START_TIME] "METHOD PATH PROTOCOL" RESPONSE_CODE RESPONSE_FLAGS BYTES_RECEIVED BYTES_SENT DURATION_MS
 *     "X-FORWARDED-FOR" "USER-AGENT" "X-REQUEST-ID" "AUTHORITY" "UPSTREAM_HOST" UPSTREAM_CLUSTER ROUTE_NAME
 * </pre>
 *
 * Event loops only offer to an {@link OutcomeQueue} (full: the line is dropped and counted); its
 * thread formats and writes, so a slow disk never slows a request.
 */
public final class AccessLog implements TelemetrySink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  private static final int CAPACITY = 8_192;

  private final Writer out;
  private final boolean closeOut;
  private final LongAdder failed = new LongAdder();
  private final OutcomeQueue<RequestOutcome> queue;

  private AccessLog(Writer out, boolean closeOut, String name) {
    this.out = out;
    this.closeOut = closeOut;
    this.queue = new OutcomeQueue<>("meshlog-access-log-" + name, CAPACITY, this::write);
  }

  /** Appends to {@code file}, creating it; {@code -} means standard output, as Istio's {@code /dev/stdout}. */
  public static AccessLog open(String file, String proxyId) {
    if ("-".equals(file)) {
      return new AccessLog(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false, proxyId);
    }
    try {
      Writer writer = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      return new AccessLog(writer, true, proxyId);
    } catch (IOException e) {
      throw new IllegalArgumentException("access log " + file + ": cannot open for writing: " + e.getMessage(), e);
    }
  }

  @Override
  public void record(RequestOutcome outcome) {
    queue.offer(outcome);
  }

  @Override
  public boolean wantsRequestLine() {
    return true;
  }

  /** Lines dropped because the writer fell behind or a write failed. */
  public long dropped() {
    return queue.dropped() + failed.sum();
  }

  static String format(RequestOutcome o) {
    RequestLine r = o.request();
    StringBuilder line = new StringBuilder(256);
    line.append('[').append(Instant.ofEpochMilli(o.timeMillis())).append("] \"")
        .append(r.method()).append(' ').append(r.path()).append(' ').append(r.protocol()).append("\" ")
        .append(o.responseCode()).append(' ').append(o.responseFlags()).append(' ')
        .append(o.requestBytes()).append(' ').append(o.responseBytes()).append(' ')
        .append(o.durationMicros() / 1_000).append(' ');
    quoted(line, r.forwardedFor());
    quoted(line, r.userAgent());
    quoted(line, r.requestId());
    quoted(line, r.authority());
    quoted(line, o.upstreamHost());
    line.append(o.upstreamCluster()).append(' ').append(o.routeName().isEmpty() ? "-" : o.routeName());
    return line.toString();
  }

  private static void quoted(StringBuilder line, String value) {
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // A client controls these values: no quote or line break of theirs may forge a field or a line.
      line.append(c == '"' ? '\'' : c < 0x20 ? ' ' : c);
    }
    line.append("\" ");
  }

  /** On the queue's thread: one batch of lines, then a flush. */
  private void write(List<RequestOutcome> batch) {
    try {
      for (RequestOutcome outcome : batch) {
        out.write(format(outcome));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      failed.add(batch.size());
      log.warn("access log write failed, lines dropped: {}", e.toString());
    }
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    queue.close();
    try {
      if (closeOut) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      log.warn("access log close failed: {}", e.toString());
    }
  }
}
