package dev.meshlog.cli.inject;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshlog inject}: istioctl kube-inject for Meshlog, on files. */
@Command(name = "inject", mixinStandardHelpOptions = true, description = {
    "Add the meshlog sidecar and capture init container to every pod template in a YAML file",
    "(Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod); other objects pass through."})
public final class InjectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "Input YAML ('-' for standard input).")
  String input;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the result (default: standard output).")
  Path output;

  @Option(names = "--image", defaultValue = InjectionSettings.DEFAULT_IMAGE, description = "Sidecar and init image (default: ${DEFAULT-VALUE}).")
  String image;

  @Option(names = "--bootstrap", defaultValue = InjectionSettings.DEFAULT_BOOTSTRAP,
      description = "Kafka bootstrap servers as pods see them (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--kafka-secret", paramLabel = "NAME",
      description = "On a secured cluster: the Secret, in each injected pod's namespace, whose key client.properties is the "
          + "sidecar's Kafka login (mounted read-only, read as --kafka-config); default: none (plain text).")
  String kafkaSecret;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String text;
    try {
      text = input.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(input), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("meshlog inject: " + input + ": cannot read: " + e.getMessage());
      return 1;
    }
    ManifestInjector.Result result;
    try {
      result = new ManifestInjector(new SidecarInjector(new InjectionSettings(image, bootstrap, java.util.Optional.ofNullable(kafkaSecret)))).inject(text);
    } catch (InjectException | IllegalArgumentException e) {
      err.println("meshlog inject: " + input + ": " + e.getMessage());
      return 1;
    }
    if (output == null) {
      spec.commandLine().getOut().print(result.yaml());
      spec.commandLine().getOut().flush();
    } else {
      try {
        // Written whole, then moved: a failure never leaves half a file where the output goes.
        Path temp = Files.createTempFile(output.toAbsolutePath().getParent(), ".meshlog-inject", ".yaml");
        Files.writeString(temp, result.yaml(), StandardCharsets.UTF_8);
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        err.println("meshlog inject: -o " + output + ": cannot write: " + e.getMessage());
        return 1;
      }
    }
    result.notes().forEach(note -> err.println("meshlog inject: " + note));
    err.flush();
    return 0;
  }
}
