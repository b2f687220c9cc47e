package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.MtlsMode;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** An accepted PeerAuthentication. An empty selector covers its namespace (the mesh, in the root namespace). */
public record PeerAuthentication(String subject, String namespace, SortedMap<String, String> selector, MtlsMode mode,
    SortedMap<Integer, MtlsMode> portLevelMtls) implements MeshResource {

  public PeerAuthentication {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(namespace, "namespace");
    selector = Collections.unmodifiableSortedMap(new TreeMap<>(selector));
    Objects.requireNonNull(mode, "mode");
    portLevelMtls = Collections.unmodifiableSortedMap(new TreeMap<>(portLevelMtls));
  }
}
