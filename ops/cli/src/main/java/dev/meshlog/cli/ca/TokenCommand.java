package dev.meshlog.cli.ca;

import dev.meshlog.cli.Durations;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.engine.ca.SpiffeId;
import dev.meshlog.engine.ca.signer.BootstrapTokenIssuer;
import dev.meshlog.engine.ca.signer.CaConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog token}: a single-use bootstrap token with which a standalone workload's sidecar gets
 * its first certificate ({@code meshlog proxy --token-file}). Made offline from the CA's token key:
 * no broker needed, and the token is printed, never published.
 */
@Command(name = "token", description = "Print a single-use bootstrap token for a workload identity (standalone workloads).")
public final class TokenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  MeshConnection mesh;

  @Option(names = "--namespace", defaultValue = "default", description = "Namespace of the workload (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--service-account", defaultValue = "default", description = "Service account of the workload (default: ${DEFAULT-VALUE}).")
  String serviceAccount;

  @Option(names = "--trust-domain", defaultValue = CaConfig.DEFAULT_TRUST_DOMAIN, description = "Trust domain (default: ${DEFAULT-VALUE}).")
  String trustDomain;

  @Option(names = "--ttl", defaultValue = "1h", description = "How long the token may be redeemed (default: ${DEFAULT-VALUE}).")
  String ttl;

  @Option(names = "--plugin-ca", paramLabel = "DIR",
      description = "Issue for an engine that signs with this plug-in CA (its bootstrap-token-key, else the key derived from "
          + "ca-key.pem; $" + LocalCa.PASSPHRASE_ENV + " unlocks an encrypted one) instead of <data-dir>/ca.")
  Path pluginCa;

  @Override
  public Integer call() {
    Duration validity = Durations.parse("--ttl", ttl);
    SpiffeId identity;
    try {
      identity = new SpiffeId(trustDomain, namespace, serviceAccount);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String token;
    try {
      CaConfig ca = pluginCa != null ? PluginCaDirectory.config(pluginCa, trustDomain, System.getenv())
          : LocalCa.of(mesh.dataDir(), trustDomain, System.getenv());
      token = BootstrapTokenIssuer.forCa(ca).issue(identity, validity);
    } catch (IllegalArgumentException e) {
      if (pluginCa == null) {
        throw e;
      }
      throw new ParameterException(spec.commandLine(), "--plugin-ca: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(token);
    out.flush();
    return 0;
  }
}
