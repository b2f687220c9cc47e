package dev.meshlog.ingest.policy.model;

import dev.meshlog.schemas.Subjects;
import java.util.Optional;

/**
 * A policy resource as the rules see it, whether it came from a YAML document or from a typed
 * command on a topic. The spec is absent for a delete (and for a document whose kind is unknown).
 */
public record PolicyResource(String apiVersion, String kind, String namespace, String name, Optional<PolicySpec> spec) {

  /** The record key of this resource on the policy topics. */
  public String subject() {
    return Subjects.of(kind, namespace, name);
  }
}
