package dev.meshlog.kafka.local.secure;

import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Prints (default) or applies Meshlog's ACLs on a real cluster:
 * <pre>
 * java -cp ... dev.meshlog.kafka.local.secure.MeshAclTool --bootstrap host:9092 --command-config admin.properties \
 *     [--topic-prefix P] [--engine-app-id-prefix meshlog-engine] [--pipeline-app-id meshlog-telemetry] \
 *     [--proxy ID]... [--proxy-self-registration] [--apply]
 * </pre>
 * Without {@code --apply} it prints the equivalent {@code kafka-acls.sh} commands and touches nothing.
 * Applying is idempotent: Kafka ignores a binding that already exists.
 */
public final class MeshAclTool {

  private MeshAclTool() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) throws IOException {
    Map<String, String> options = new HashMap<>(Map.of("--bootstrap", "127.0.0.1:9092",
        "--command-config", "admin.properties", "--topic-prefix", ""));
    List<String> proxies = new ArrayList<>();
    boolean apply = false;
    boolean selfRegistration = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--apply" -> apply = true;
        case "--proxy-self-registration" -> selfRegistration = true;
        case "--proxy" -> proxies.add(value(args, ++i));
        case "--bootstrap", "--command-config", "--topic-prefix", "--engine-app-id-prefix", "--pipeline-app-id" ->
            options.put(args[i], value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    MeshPrincipals defaults = MeshPrincipals.defaults();
    MeshPrincipals principals = defaults.withApplicationIds(
        options.getOrDefault("--engine-app-id-prefix", defaults.engineApplicationIdPrefix()),
        options.getOrDefault("--pipeline-app-id", defaults.pipelineApplicationId()));
    Topics topics = Topics.withPrefix(options.get("--topic-prefix"));
    MeshAcls acls = new MeshAcls(topics, principals);
    List<AclBinding> bindings = new ArrayList<>(acls.all(proxies));
    if (selfRegistration) {
      proxies.forEach(id -> bindings.addAll(acls.proxySelfRegistration(id)));
    }
    if (!apply) {
      AclScript.commands(bindings, options.get("--bootstrap"), options.get("--command-config")).forEach(out::println);
      return 0;
    }
    Map<String, Object> config = new HashMap<>();
    Properties login = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(options.get("--command-config")))) {
      login.load(reader);
    }
    login.forEach((k, v) -> config.put(k.toString(), v));
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap"));
    try (Admin admin = Admin.create(config)) {
      admin.createAcls(bindings).all().get(60, TimeUnit.SECONDS);
      out.println("applied " + bindings.size() + " ACL bindings");
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (ExecutionException | TimeoutException e) {
      out.println("cannot apply the ACLs: " + e.getMessage());
      return 1;
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
