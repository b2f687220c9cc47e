package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.AuthzAction;
import dev.meshlog.avro.AuthzRule;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** An accepted AuthorizationPolicy; its rules travel to the proxy as they are. An empty selector selects every workload in scope. */
public record AuthorizationPolicy(String subject, String namespace, SortedMap<String, String> selector, AuthzAction action,
    List<AuthzRule> rules) implements MeshResource {

  public AuthorizationPolicy {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(namespace, "namespace");
    selector = Collections.unmodifiableSortedMap(new TreeMap<>(selector));
    Objects.requireNonNull(action, "action");
    rules = List.copyOf(rules);
  }
}
