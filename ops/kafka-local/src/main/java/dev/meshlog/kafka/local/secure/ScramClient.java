package dev.meshlog.kafka.local.secure;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The client settings a Meshlog job adds to its producer, consumer, admin or Streams config to
 * authenticate as one {@link ScramUser} on a {@code SASL_PLAINTEXT} listener with SCRAM-SHA-512.
 * On a cluster with TLS listeners use {@link #properties(ScramUser, String)} with {@code SASL_SSL}
 * (plus the usual {@code ssl.truststore.*} settings).
 */
public final class ScramClient {

  public static final String MECHANISM = "SCRAM-SHA-512";
  public static final String LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

  private ScramClient() {}

  /** {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=SCRAM-SHA-512}, {@code sasl.jaas.config=...}. */
  public static Map<String, Object> properties(ScramUser user) {
    return properties(user, "SASL_PLAINTEXT");
  }

  public static Map<String, Object> properties(ScramUser user, String securityProtocol) {
    return Map.of(
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol,
        SaslConfigs.SASL_MECHANISM, MECHANISM,
        SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user));
  }

  /** The {@code sasl.jaas.config} value; quotes and backslashes in the password are escaped for the JAAS parser. */
  public static String jaasConfig(ScramUser user) {
    return LOGIN_MODULE + " required username=\"" + quoted(user.name()) + "\" password=\"" + quoted(user.password()) + "\";";
  }

  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
