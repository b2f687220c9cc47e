package dev.meshlog.proxy.snapshot.wire;

import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.StringMatch;
import dev.meshlog.proxy.route.RequestMatch;
import dev.meshlog.proxy.route.StringMatcher;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * HttpMatchRequest to {@link RequestMatch}, regexes compiled here (the snapshot thread). The
 * sourceLabels and sourceNamespace fields are ignored: the engine already kept only the entries
 * whose source conditions hold for this proxy.
 */
final class MatchWire {

  private MatchWire() {}

  static RequestMatch match(HttpMatchRequest wire) {
    return new RequestMatch(
        Optional.ofNullable(wire.getUri()).map(MatchWire::matcher),
        Optional.ofNullable(wire.getMethod()).map(MatchWire::matcher),
        conditions(wire.getHeaders(), true),
        conditions(wire.getWithoutHeaders(), true),
        conditions(wire.getQueryParams(), false),
        wire.getPort() == null ? OptionalInt.empty() : OptionalInt.of(wire.getPort()));
  }

  static StringMatcher matcher(StringMatch wire) {
    return switch (wire.getKind()) {
      case EXACT -> new StringMatcher.Exact(wire.getValue());
      case PREFIX -> new StringMatcher.Prefix(wire.getValue());
      case REGEX -> StringMatcher.Regex.compile(wire.getValue());
    };
  }

  /** Sorted by name so two equal snapshots compile to the same evaluation order. */
  private static List<RequestMatch.Condition> conditions(Map<String, StringMatch> wire, boolean headerNames) {
    return wire.entrySet().stream()
        .map(e -> new RequestMatch.Condition(headerNames ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey(),
            matcher(e.getValue())))
        .sorted(Comparator.comparing(RequestMatch.Condition::name))
        .toList();
  }
}
