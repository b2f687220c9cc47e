package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.PolicyCommand;
import java.util.Objects;

/** A resource to analyse, with its origin file ({@code mesh} for resources already in the log). */
public record SourcedResource(String file, PolicyCommand command) {

  /** The file name used for resources that are already in the log. */
  public static final String MESH = "mesh";

  public SourcedResource {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(command, "command");
  }
}
