package dev.meshlog.kafka.local.secure;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A SASL/SCRAM user name and its password. {@link #toString()} never shows the password: a config
 * logged at start-up must not leak it (CONVENTIONS.md, "secrets in logs").
 *
 * @param name the SCRAM user name; the Kafka principal is {@code User:<name>}
 * @param password the clear password, known only to the client that authenticates with it
 */
public record ScramUser(String name, String password) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public ScramUser {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(password, "password");
    if (name.isBlank() || password.isEmpty()) {
      throw new IllegalArgumentException("a SCRAM user needs a name and a password");
    }
  }

  /** A user with a fresh random password (144 bits, URL-safe Base64). */
  public static ScramUser withRandomPassword(String name) {
    byte[] secret = new byte[18];
    RANDOM.nextBytes(secret);
    return new ScramUser(name, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The principal the broker's authorizer sees for this user: {@code User:<name>}. */
  public String principal() {
    return "User:" + name;
  }

  @Override
  public String toString() {
    return "ScramUser[name=" + name + ", password=****]";
  }
}
