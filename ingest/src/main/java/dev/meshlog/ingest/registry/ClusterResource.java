package dev.meshlog.ingest.registry;

/**
 * A cluster record as ingest computes it: a service or a workload instance, keyed by
 * {@code Kind/namespace/name}. Records are compared by value, so "did the resource change" is
 * {@code equals}, independent of the map or string types the Avro decoder happened to produce.
 */
public sealed interface ClusterResource permits ServiceRecord, WorkloadRecord {

  /** The record key on mesh.cluster.events. */
  String key();

  String namespace();

  /** {@code Service} or {@code Workload}: the first word of the envelope type. */
  String kind();
}
