package dev.meshlog.cli.audit;

import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.MeshConnection;
import dev.meshlog.cli.audit.ChainVerdict.Broken;
import dev.meshlog.cli.audit.ChainVerdict.Intact;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog audit verify}: walks the hash chain of the policy events and prints either
 * {@code chain intact: N events, head H} or the first broken record; then checks every signed
 * checkpoint against the chain (a truncated or rewritten tail, a forged checkpoint) and prints one
 * line per finding, or the newest checkpoint and how many events it does not cover yet.
 * Exit 0 when both hold, 1 otherwise.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Walk the policy event hash chain; report the first altered, inserted, reordered or missing record.",
        "Check the CA-signed checkpoints of the chain head, so a truncated tail is reported too."})
public final class VerifyCommand implements Callable<Integer> {

  @Mixin
  MeshConnection connection;

  @Option(names = "--trusted-roots", paramLabel = "PEM_FILE",
      description = "Also accept checkpoints signed under these root certificates (roots retired long ago may be compacted away from mesh.ca.bundle).")
  Optional<Path> trustedRoots;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Topics topics = connection.topics();
    String extraRoots = trustedRoots.map(this::readRoots).orElse("");
    trustedRoots.ifPresent(file -> withRoots(SignerTrust.fromBundles(List.of()), file, extraRoots)); // fail before reading Kafka
    String bootstrap = connection.reachableBootstrap();
    TopicSpec<String, PolicyEvent> events = topics.policyEvents();
    TopicSpec<String, PolicyCheckpoint> checkpoints = topics.policyCheckpoints();
    List<ChainRecord> chain = ChainReader.readAll(bootstrap, connection.kafkaClient(), events);
    ChainVerdict verdict = ChainAudit.verify(events.name(), chain);
    SignerTrust trust = SignerTrust.fromBundles(ChainReader.readBundles(bootstrap, connection.kafkaClient(), topics.caBundle()));
    if (trustedRoots.isPresent()) {
      trust = withRoots(trust, trustedRoots.get(), extraRoots);
    }
    CheckpointReport report = CheckpointAudit.verify(events.name(), checkpoints.name(), chain,
        ChainReader.readCheckpoints(bootstrap, connection.kafkaClient(), checkpoints), trust);

    PrintWriter out = spec.commandLine().getOut();
    if (verdict instanceof Intact intact) {
      out.println("chain intact: " + intact.events() + " events, head " + (intact.head().isEmpty() ? "(none)" : intact.head()));
    } else {
      Broken broken = (Broken) verdict;
      out.println("chain broken at " + broken.topic() + "-" + broken.partition() + "@" + broken.offset() + ": "
          + broken.tampering().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + broken.detail());
    }
    report.findings().forEach(finding -> out.println(finding.line()));
    out.println(CheckpointSummary.line(events.name(), report));
    return verdict instanceof Intact && report.holds() ? 0 : 1;
  }

  private SignerTrust withRoots(SignerTrust trust, Path file, String pem) {
    try {
      return trust.withRoots(pem);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--trusted-roots " + file + ": " + e.getMessage());
    }
  }

  private String readRoots(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--trusted-roots " + file + ": cannot read: " + e.getMessage());
    }
  }
}
