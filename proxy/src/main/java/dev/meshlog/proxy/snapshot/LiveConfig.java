package dev.meshlog.proxy.snapshot;

import dev.meshlog.proxy.route.RouteTable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one mutable point of the data plane: the applied config, swapped whole. Requests read it once
 * when they are routed, so a swap affects the next request and never one in flight.
 */
public final class LiveConfig implements Supplier<RouteTable> {

  private final AtomicReference<AppliedConfig> current = new AtomicReference<>(AppliedConfig.NONE);

  public AppliedConfig current() {
    return current.get();
  }

  void swap(AppliedConfig next) {
    current.set(next);
  }

  @Override
  public RouteTable get() {
    return current.get().routes();
  }
}
