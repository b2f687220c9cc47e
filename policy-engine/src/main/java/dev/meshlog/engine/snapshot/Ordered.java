package dev.meshlog.engine.snapshot;

/**
 * A policy that can conflict with another of its kind on the same host. Istio lets the oldest win;
 * here "oldest" is the chain sequence of the event that created it (carried across updates by
 * {@link MeshState#apply}), then the subject, so every replay picks the same winner.
 */
public interface Ordered {

  String subject();

  long created();
}
