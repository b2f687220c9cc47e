package dev.meshlog.engine.ca;

import java.util.regex.Pattern;

/**
 * A workload identity in Istio's SPIFFE form {@code spiffe://<trust domain>/ns/<namespace>/sa/<service account>}.
 *
 * <p>Parsing is strict and by hand rather than through {@link java.net.URI}, which would accept
 * percent-encoding, ports, user info, queries and fragments: two spellings of one identity, or an
 * identity smuggling extra parts, must never both validate. Allowed characters follow the SPIFFE
 * ID spec: trust domain {@code [a-z0-9._-]}, path segments {@code [A-Za-z0-9._-]} (not "." or "..").
 */
public record SpiffeId(String trustDomain, String namespace, String serviceAccount) {

  public static final String SCHEME_PREFIX = "spiffe://";
  /** The SPIFFE spec caps the trust domain at 255 bytes and the whole id at 2048. */
  private static final int MAX_TRUST_DOMAIN = 255;
  private static final int MAX_ID = 2048;
  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]+");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  public SpiffeId {
    requireTrustDomain(trustDomain);
    requireSegment("namespace", namespace);
    requireSegment("service account", serviceAccount);
    if (SCHEME_PREFIX.length() + trustDomain.length() + namespace.length() + serviceAccount.length() + 8 > MAX_ID) {
      throw new IllegalArgumentException("SPIFFE id longer than " + MAX_ID + " characters");
    }
  }

  public String toUri() {
    return SCHEME_PREFIX + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  @Override
  public String toString() {
    return toUri();
  }

  /** Parses exactly the form {@link #toUri()} produces; anything else is rejected with the reason. */
  public static SpiffeId parse(String uri) {
    if (uri == null || !uri.startsWith(SCHEME_PREFIX)) {
      throw new IllegalArgumentException("not a SPIFFE id (must start with " + SCHEME_PREFIX + "): " + uri);
    }
    String rest = uri.substring(SCHEME_PREFIX.length());
    // split with limit -1 keeps trailing empty strings, so "…/sa/x/" fails on the segment count
    String[] parts = rest.split("/", -1);
    if (parts.length != 5 || !"ns".equals(parts[1]) || !"sa".equals(parts[3])) {
      throw new IllegalArgumentException(
          "SPIFFE id path must be /ns/<namespace>/sa/<service account>: " + uri);
    }
    return new SpiffeId(parts[0], parts[2], parts[4]);
  }

  private static void requireTrustDomain(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("SPIFFE trust domain must not be empty");
    }
    if (value.length() > MAX_TRUST_DOMAIN || !TRUST_DOMAIN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "SPIFFE trust domain must be 1-255 characters of [a-z0-9._-]: '" + value + "'");
    }
  }

  private static void requireSegment(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("SPIFFE " + what + " must not be empty");
    }
    if (!SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new IllegalArgumentException(
          "SPIFFE " + what + " must be [A-Za-z0-9._-] and not '.' or '..': '" + value + "'");
    }
  }
}
