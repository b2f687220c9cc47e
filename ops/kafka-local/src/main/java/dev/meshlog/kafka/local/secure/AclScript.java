package dev.meshlog.kafka.local.secure;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

/**
 * Renders ACL bindings as {@code kafka-acls.sh --add} commands, for operators who apply ACLs with
 * Kafka's own tool (or review them before {@link MeshAclTool} applies them).
 */
public final class AclScript {

  private AclScript() {}

  /** One command per binding; {@code commandConfig} is the admin's client properties file (SASL login). */
  public static List<String> commands(List<AclBinding> bindings, String bootstrap, String commandConfig) {
    return bindings.stream().map(b -> command(b, bootstrap, commandConfig)).toList();
  }

  static String command(AclBinding binding, String bootstrap, String commandConfig) {
    ResourcePattern resource = binding.pattern();
    StringBuilder line = new StringBuilder("kafka-acls.sh --bootstrap-server ").append(bootstrap)
        .append(" --command-config ").append(commandConfig)
        .append(" --add --allow-principal ").append(quoted(binding.entry().principal()))
        .append(" --operation ").append(operation(binding))
        .append(' ').append(resourceFlag(resource)).append(' ').append(quoted(resource.name()));
    if (resource.patternType() == PatternType.PREFIXED) {
      line.append(" --resource-pattern-type prefixed");
    }
    return line.toString();
  }

  private static String operation(AclBinding binding) {
    String name = binding.entry().operation().name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String resourceFlag(ResourcePattern resource) {
    return switch (resource.resourceType()) {
      case TOPIC -> "--topic";
      case GROUP -> "--group";
      case TRANSACTIONAL_ID -> "--transactional-id";
      case CLUSTER -> "--cluster";
      default -> throw new IllegalArgumentException("no kafka-acls.sh flag for " + resource.resourceType());
    };
  }

  /** Single-quoted for a POSIX shell, so a name with shell characters stays one argument. */
  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9._:/=@+-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
