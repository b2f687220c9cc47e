package dev.meshlog.cli.tap;

import dev.meshlog.avro.RequestTelemetry;
import java.io.PrintWriter;
import java.util.OptionalLong;

/** Prints the matching requests as they arrive, and stops the tap at --max or when stdout is gone (`| head`). */
final class TapPrinter implements TapStream.Sink {

  private final TapFilter filter;
  private final TapFormat format;
  private final OptionalLong max;
  private final PrintWriter out;
  private long printed;

  TapPrinter(TapFilter filter, TapFormat format, OptionalLong max, PrintWriter out) {
    this.filter = filter;
    this.format = format;
    this.max = max;
    this.out = out;
  }

  @Override
  public boolean accept(int partition, long offset, RequestTelemetry record) {
    TappedRequest request = TelemetryWire.toTapped(partition, offset, record);
    if (!filter.matches(request)) {
      return true;
    }
    format.render(request).forEach(out::println);
    // A tap is watched live: every request shows as soon as it is read.
    out.flush();
    printed++;
    return !outputGone() && (max.isEmpty() || printed < max.getAsLong());
  }

  /**
   * Whether the reader went away (`meshlog tap x | head`). picocli's default writer wraps
   * System.out in a Writer, so a broken pipe shows only on System.out's own error flag.
   */
  private boolean outputGone() {
    return out.checkError() || System.out.checkError();
  }

  long printed() {
    return printed;
  }
}
