package dev.meshlog.ingest.registry;

import dev.meshlog.avro.Source;
import java.util.Objects;

/** The latest state of a key on mesh.cluster.events, and the source whose event put it there (its owner). */
public record Logged(ClusterResource resource, Source source) {

  public Logged {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(source, "source");
  }
}
