package dev.meshlog.cli;

import dev.meshlog.avro.Source;
import dev.meshlog.ingest.analysis.Analyzer;
import dev.meshlog.ingest.analysis.Finding;
import dev.meshlog.ingest.analysis.MeshView;
import dev.meshlog.ingest.analysis.Severity;
import dev.meshlog.ingest.analysis.SourcedResource;
import dev.meshlog.ingest.policy.Attribution;
import dev.meshlog.ingest.policy.ParseResult;
import dev.meshlog.ingest.policy.PolicyDocuments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog analyze -f FILE...}: istioctl analyze for Meshlog. Reads the files with ingest's
 * validation, then runs ingest's analyzer on them against the running mesh (the policies in force,
 * the registered services and workloads). Publishes nothing. Exit 1 if any error, else 0.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Check policy files against each other and the running mesh, like istioctl analyze; publishes nothing.")
final class AnalyzeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = {"-f", "--file"}, required = true, arity = "1..*", paramLabel = "FILE", description = "YAML files to analyze.")
  List<Path> files;

  @Option(names = "--use-mesh", description = "Require the running mesh (default: use it if reachable).")
  boolean useMesh;

  @Option(names = "--no-mesh", description = "Analyze the files on their own, without reading the mesh.")
  boolean noMesh;

  @Override
  public Integer call() {
    if (useMesh && noMesh) {
      throw new IllegalArgumentException("--use-mesh and --no-mesh exclude each other");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Attribution attribution = new Attribution("cli:" + System.getProperty("user.name"), "analyze", Source.CLI);

    List<String> lines = new ArrayList<>();
    List<SourcedResource> candidates = new ArrayList<>();
    boolean errors = false;
    for (Path file : files) {
      ParseResult parsed = PolicyDocuments.parseFile(file, attribution);
      if (parsed instanceof ParseResult.Refused refused) {
        refused.errors().forEach(e -> lines.add(FindingLines.of(e)));
        errors = true;
      } else {
        ((ParseResult.Parsed) parsed).commands().forEach(c -> candidates.add(new SourcedResource(file.toString(), c)));
      }
    }
    if (!candidates.isEmpty()) {
      MeshForAnalysis.Mode mode = noMesh ? MeshForAnalysis.Mode.NONE
          : useMesh ? MeshForAnalysis.Mode.REQUIRED : MeshForAnalysis.Mode.IF_REACHABLE;
      MeshView view = MeshForAnalysis.view(mesh, mode, err);
      for (Finding finding : Analyzer.analyze(candidates, view)) {
        lines.add(FindingLines.of(finding));
        errors |= finding.severity() == Severity.ERROR;
      }
    }
    String analyzed = files.stream().map(Path::toString).collect(Collectors.joining(", "));
    if (lines.isEmpty()) {
      out.println("No validation issues found when analyzing " + analyzed + ".");
    } else {
      lines.forEach(out::println);
      if (errors) {
        err.println("Error: Analyzers found issues when analyzing " + analyzed + ".");
      }
    }
    out.flush();
    err.flush();
    return errors ? 1 : 0;
  }
}
