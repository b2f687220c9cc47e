package dev.meshlog.proxy.route;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Istio's HeaderOperations, compiled once per snapshot: names become cached ASCII strings so applying
 * them per request only touches the header map. Removals go first, then set, then add, the order
 * Envoy evaluates remove-then-append in. Names are case-insensitive, as HTTP headers are.
 */
public final class HeaderOperations {

  public static final HeaderOperations NONE = new HeaderOperations(Map.of(), Map.of(), List.of());

  private final AsciiString[] remove;
  private final AsciiString[] setNames;
  private final String[] setValues;
  private final AsciiString[] addNames;
  private final String[] addValues;

  private HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove) {
    this.remove = remove.stream().map(HeaderOperations::name).toArray(AsciiString[]::new);
    this.setNames = set.keySet().stream().sorted().map(HeaderOperations::name).toArray(AsciiString[]::new);
    this.setValues = set.keySet().stream().sorted().map(set::get).toArray(String[]::new);
    this.addNames = add.keySet().stream().sorted().map(HeaderOperations::name).toArray(AsciiString[]::new);
    this.addValues = add.keySet().stream().sorted().map(add::get).toArray(String[]::new);
  }

  /**
   * {@code set} replaces every value of a header, {@code add} appends one, {@code remove} deletes it.
   *
   * @throws IllegalArgumentException for a name or value HTTP/1.1 cannot carry (a pseudo-header, a
   *     line break): found here, on the snapshot thread, rather than by a request on an event loop
   */
  public static HeaderOperations of(Map<String, String> set, Map<String, String> add, List<String> remove) {
    if (set.isEmpty() && add.isEmpty() && remove.isEmpty()) {
      return NONE;
    }
    HeaderOperations ops = new HeaderOperations(set, add, remove);
    ops.applyTo(new DefaultHttpHeaders());
    return ops;
  }

  public boolean isEmpty() {
    return this == NONE;
  }

  public void applyTo(HttpHeaders headers) {
    for (AsciiString name : remove) {
      headers.remove(name);
    }
    for (int i = 0; i < setNames.length; i++) {
      headers.set(setNames[i], setValues[i]);
    }
    for (int i = 0; i < addNames.length; i++) {
      headers.add(addNames[i], addValues[i]);
    }
  }

  private static AsciiString name(String name) {
    return AsciiString.cached(name.toLowerCase(Locale.ROOT));
  }
}
