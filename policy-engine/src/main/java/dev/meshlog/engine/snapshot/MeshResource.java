package dev.meshlog.engine.snapshot;

/** Anything the snapshot builder folds into its view of the mesh: cluster resources and the six Istio policy kinds. */
public sealed interface MeshResource
    permits Workload, Service, VirtualService, DestinationRule, ServiceEntry, PeerAuthentication, AuthorizationPolicy, Sidecar {}
