package dev.meshlog.engine.snapshot;

/** Anything the snapshot builder folds into its view of the mesh: cluster resources, the six Istio policy kinds, and the trust domain's roots. */
public sealed interface MeshResource
    permits Workload, Service, VirtualService, DestinationRule, ServiceEntry, PeerAuthentication, AuthorizationPolicy, Sidecar, TrustRoots {}
