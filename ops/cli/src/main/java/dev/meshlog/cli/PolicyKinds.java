package dev.meshlog.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Istio kind names as people type them to kubectl: any case, singular, plural, short name, or with
 * the API group ({@code virtualservices.networking.istio.io}); {@code all} means every kind.
 */
final class PolicyKinds {

  /** Every kind Meshlog serves, spelled as Istio does (the record keys use these). */
  static final List<String> ALL = List.of(
      "VirtualService", "DestinationRule", "ServiceEntry", "PeerAuthentication", "AuthorizationPolicy", "Sidecar");

  private static final Map<String, String> NAMES = new HashMap<>();

  static {
    alias("VirtualService", "virtualservices", "vs");
    alias("DestinationRule", "destinationrules", "dr");
    alias("ServiceEntry", "serviceentries", "se");
    alias("PeerAuthentication", "peerauthentications", "pa");
    alias("AuthorizationPolicy", "authorizationpolicies", "ap");
    alias("Sidecar", "sidecars");
  }

  private PolicyKinds() {}

  private static void alias(String kind, String... others) {
    NAMES.put(kind.toLowerCase(Locale.ROOT), kind);
    for (String other : others) {
      NAMES.put(other, kind);
    }
  }

  /** The one kind {@code typed} names; {@code all} is not one kind. */
  static Optional<String> resolve(String typed) {
    String name = typed.trim().toLowerCase(Locale.ROOT);
    int group = name.indexOf('.');
    if (group > 0 && (name.endsWith(".networking.istio.io") || name.endsWith(".security.istio.io"))) {
      name = name.substring(0, group);
    }
    return Optional.ofNullable(NAMES.get(name));
  }

  /** The kinds {@code typed} names: one, or every kind for {@code all}; refused naming the valid names. */
  static List<String> resolveMany(String typed) {
    if (typed.trim().equalsIgnoreCase("all")) {
      return ALL;
    }
    return List.of(single(typed));
  }

  /** The one kind {@code typed} names, or an error listing what is accepted. */
  static String single(String typed) {
    return resolve(typed).orElseThrow(() -> new IllegalArgumentException("unknown kind '" + typed + "': expected one of "
        + String.join(", ", ALL) + " (any case, plural or short name: vs, dr, se, pa, ap)"));
  }
}
