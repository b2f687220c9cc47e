package dev.meshlog.kafka.local.secure;

import dev.meshlog.kafka.local.SingleNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The broker properties of the secure profile. docs/security.md shows the same settings as a
 * {@code server.properties} for a real cluster.
 */
final class SecureBrokerConfig {

  static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
  static final String LISTENER = "SASL_PLAINTEXT";

  private SecureBrokerConfig() {}

  static Properties properties(Path dataDir, int brokerPort, int controllerPort, ScramUser superUser) {
    Map<String, String> p = new HashMap<>();
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", LISTENER + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", LISTENER + "://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + LISTENER + ":SASL_PLAINTEXT");
    // SCRAM on the client listener, and the broker talks to itself (transaction markers) as the super user.
    p.put("inter.broker.listener.name", LISTENER);
    p.put("sasl.enabled.mechanisms", ScramClient.MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", ScramClient.MECHANISM);
    p.put("listener.name." + LISTENER.toLowerCase() + "." + ScramClient.MECHANISM.toLowerCase() + ".sasl.jaas.config",
        ScramClient.jaasConfig(superUser));
    // Deny by default: a principal may do only what an ACL grants.
    p.put("authorizer.class.name", AUTHORIZER);
    p.put("allow.everyone.if.no.acl.found", "false");
    // ANONYMOUS is the broker registering over the PLAINTEXT controller listener (see SecureEmbeddedKafka).
    p.put("super.users", superUser.principal() + ";User:ANONYMOUS");
    SingleNode.putStorageAndSizing(p, dataDir);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }
}
