package dev.meshlog.cli.ca;

import dev.meshlog.cli.Durations;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.RootRotation;
import dev.meshlog.engine.ca.signer.CaConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshlog ca}: operations on the mesh's own CA. */
@Command(name = "ca", description = "Operate the mesh CA.", subcommands = CaCommand.RotateRoot.class)
public final class CaCommand {

  /**
   * {@code meshlog ca rotate-root}: a new root and intermediate. The old root stays in the trust
   * bundle for the overlap, so certificates it issued keep validating while every workload renews
   * under the new one; the running signer picks the new CA up at its next bundle check.
   */
  @Command(name = "rotate-root", description = "Make a new root CA; trust the old one for --overlap more.")
  static final class RotateRoot implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MeshConnection mesh;

    @Option(names = "--trust-domain", defaultValue = CaConfig.DEFAULT_TRUST_DOMAIN, description = "Trust domain (default: ${DEFAULT-VALUE}).")
    String trustDomain;

    @Option(names = "--overlap", defaultValue = "24h",
        description = "How long the old root stays trusted; at least a workload certificate's lifetime (default: ${DEFAULT-VALUE}).")
    String overlap;

    @Override
    public Integer call() {
      CaConfig ca = LocalCa.of(mesh.dataDir(), trustDomain, System.getenv());
      RootRotation rotation = MeshCa.rotateRoot(ca.settings(), ca.passphrase(), Durations.parse("--overlap", overlap), Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("rotated the root CA of %s in %s; the old root stays trusted until %s%n",
          trustDomain, ca.settings().directory(), rotation.previous().trustEnds());
      out.flush();
      return 0;
    }
  }
}
