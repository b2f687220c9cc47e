package dev.meshlog.cli.export;

import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.stream.Collectors;

/** Resolves {@code --topic} against the mesh's topic registry, so only Meshlog's own topics export. */
public final class ExportTopics {

  private ExportTopics() {}

  /** The topic named {@code name} in {@code topics}, or a one-line reason listing the valid names. */
  public static TopicSpec<?, ?> resolve(Topics topics, String name) {
    return topics.all().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--topic: unknown topic '" + name + "'; expected one of "
            + topics.all().stream().map(TopicSpec::name).collect(Collectors.joining(", "))));
  }
}
