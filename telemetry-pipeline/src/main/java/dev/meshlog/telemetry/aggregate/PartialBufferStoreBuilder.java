package dev.meshlog.telemetry.aggregate;

import java.util.Map;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds {@link PartialBufferStore}s: never logged, never cached (it is its own cache). */
final class PartialBufferStoreBuilder implements StoreBuilder<PartialBufferStore> {

  private final String name;
  private final long[] windowSizesMs;

  PartialBufferStoreBuilder(String name, long[] windowSizesMs) {
    this.name = name;
    this.windowSizesMs = windowSizesMs.clone();
  }

  @Override
  public StoreBuilder<PartialBufferStore> withCachingEnabled() {
    return this;
  }

  @Override
  public StoreBuilder<PartialBufferStore> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<PartialBufferStore> withLoggingEnabled(Map<String, String> config) {
    throw new IllegalArgumentException(name + " holds only uncommitted input: it has no changelog");
  }

  @Override
  public StoreBuilder<PartialBufferStore> withLoggingDisabled() {
    return this;
  }

  @Override
  public PartialBufferStore build() {
    return new PartialBufferStore(name, windowSizesMs);
  }

  @Override
  public Map<String, String> logConfig() {
    return Map.of();
  }

  @Override
  public boolean loggingEnabled() {
    return false;
  }

  @Override
  public String name() {
    return name;
  }
}
