package dev.meshlog.cli;

import dev.meshlog.cli.read.LatestValues;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meshlog schemas [--fingerprint F]}: the schema catalog topic, which lets any consumer decode any topic. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
    description = "List the schema catalog (mesh.schemas): the fingerprint and record name of every schema on Meshlog's topics.")
final class SchemasCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Option(names = "--fingerprint", paramLabel = "F",
      description = "Print the full schema with this fingerprint (16 hex digits, bytes 3-10 of a value read little-endian).")
  String fingerprint;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String wanted;
    try {
      wanted = fingerprint == null ? null : SchemaCatalogView.fingerprint(fingerprint);
    } catch (IllegalArgumentException e) {
      err.println("meshlog schemas: " + e.getMessage());
      err.flush();
      return 2;
    }
    String topic = mesh.topics().schemaCatalog().name();
    Map<String, String> catalog = LatestValues.read(mesh.reachableBootstrap(), mesh.kafkaClient(), mesh.topics().schemaCatalog());
    if (wanted != null) {
      String json = catalog.get(wanted);
      if (json == null) {
        throw new IllegalArgumentException("--fingerprint " + wanted + ": no such schema in " + topic + " (" + catalog.size()
            + " schemas; list them with meshlog schemas)");
      }
      out.print(SchemaCatalogView.detail(json));
    } else if (catalog.isEmpty()) {
      err.println("The schema catalog " + topic + " is empty: the policy engine publishes it when it starts.");
      err.flush();
      return 1;
    } else {
      out.print(SchemaCatalogView.table(catalog));
    }
    out.flush();
    return 0;
  }
}
