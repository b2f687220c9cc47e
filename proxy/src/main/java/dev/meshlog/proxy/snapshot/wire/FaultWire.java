package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.FaultAbort;
import dev.meshlog.avro.FaultDelay;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.proxy.route.FaultInjection;
import dev.meshlog.proxy.route.Percentage;
import java.time.Duration;
import java.util.Optional;

/** HttpFaultSpec to {@link FaultInjection}; out-of-range values throw, naming the field. */
final class FaultWire {

  private FaultWire() {}

  static FaultInjection fault(HttpFaultSpec wire) {
    if (wire == null) {
      return FaultInjection.NONE;
    }
    return new FaultInjection(Optional.ofNullable(wire.getDelay()).map(FaultWire::delay),
        Optional.ofNullable(wire.getAbort()).map(FaultWire::abort));
  }

  private static FaultInjection.Delay delay(FaultDelay wire) {
    return new FaultInjection.Delay(Duration.ofMillis(wire.getFixedDelayMs()), percentage("fault delay", wire.getPercentage()));
  }

  private static FaultInjection.Abort abort(FaultAbort wire) {
    return new FaultInjection.Abort(wire.getHttpStatus(), percentage("fault abort", wire.getPercentage()));
  }

  private static Percentage percentage(String what, double percent) {
    try {
      return Percentage.of(percent);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " " + e.getMessage(), e);
    }
  }
}
