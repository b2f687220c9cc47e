package dev.meshlog.cli;

import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.cli.read.TopicScan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshlog history [KIND/NS/NAME]}: every accepted policy change, read from the policy event
 * log (the whole chain up to its end when the command starts), with who made it, when, why, from
 * where, and what it changed in the resource.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Show every accepted policy change with actor, reason, source, time and a diff of the resource.")
final class HistoryCommand implements Callable<Integer> {

  /** Exit code of input refused before reading anything, as for picocli's own usage errors. */
  static final int BAD_INPUT = 2;

  @Spec CommandSpec spec;
  @Mixin MeshConnection mesh;

  @Parameters(index = "0", arity = "0..1", paramLabel = "KIND/NS/NAME", description = "One resource (kind aliases as for get: vs, dr, ...).")
  String resource;

  @Option(names = "--since", paramLabel = "T", description = "Only changes at or after T: ISO-8601 instant, or e.g. 2h ago, 30m.")
  String since;

  @Option(names = "--until", paramLabel = "T", description = "Only changes before T: ISO-8601 instant, or e.g. 10m ago.")
  String until;

  @Option(names = "--actor", paramLabel = "A", description = "Only changes made by actor A.")
  String actor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HistoryQuery query;
    try {
      query = query(Instant.now());
    } catch (IllegalArgumentException e) {
      err.println("meshlog history: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    HistoryQuery.Selection selection = query.selection();
    BiConsumer<String, PolicyEvent> sink = (key, event) -> {
      if (event != null) {
        selection.accept(event);
      }
    };
    String bootstrap = mesh.reachableBootstrap();
    if (query.resource().isPresent()) {
      // the history index holds the same events spread by subject: one small partition to scan
      TopicScan.readKey(bootstrap, mesh.kafkaClient(), mesh.topics().policyHistory(), query.resource().get().subject(), sink);
    } else {
      TopicScan.readAll(bootstrap, mesh.kafkaClient(), mesh.topics().policyEvents(), sink);
    }
    List<HistoryEntry> entries = selection.entries();
    if (entries.isEmpty()) {
      err.println("No changes found.");
      err.flush();
      return 0;
    }
    entries.forEach(entry -> out.print(entry.text()));
    out.flush();
    return 0;
  }

  HistoryQuery query(Instant now) {
    Optional<ResourceRef> ref;
    try {
      ref = Optional.ofNullable(resource).map(ResourceRef::parse);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("KIND/NS/NAME: " + e.getMessage(), e);
    }
    Optional<Instant> from = Optional.ofNullable(since).map(t -> Times.parse("--since", t, now));
    Optional<Instant> to = Optional.ofNullable(until).map(t -> Times.parse("--until", t, now));
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw new IllegalArgumentException("--until: must be after --since (" + from.get() + "), got " + to.get());
    }
    if (actor != null && actor.isBlank()) {
      throw new IllegalArgumentException("--actor: must not be blank");
    }
    return new HistoryQuery(ref, from, to, Optional.ofNullable(actor));
  }
}
