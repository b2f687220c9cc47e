package dev.meshlog.ingest.registry;

import dev.meshlog.ingest.policy.Attribution;
import java.util.Objects;

/** A record a source (Kubernetes, the registry file) says should exist, and who made it so. */
public record Desired(ClusterResource resource, Attribution attribution) {

  public Desired {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(attribution, "attribution");
  }

  public String key() {
    return resource.key();
  }
}
