/**
 * The snapshot builder: folds accepted policy events, cluster events and the trust domain's CA bundle into one versioned
 * snapshot per registered proxy, holding only what that proxy needs.
 *
 * <p>Flow: {@code wire.MeshChanges} decodes an event into a {@link dev.meshlog.engine.snapshot.MeshChange};
 * {@link dev.meshlog.engine.snapshot.MeshFold} applies it to the {@link dev.meshlog.engine.snapshot.MeshState}
 * and reassembles exactly the proxies whose last assembly read a {@link dev.meshlog.engine.snapshot.DependencyKeys}
 * key the change touches (before and after it), plus the proxy of a changed workload;
 * {@link dev.meshlog.engine.snapshot.SnapshotAssembler} is the pure function from state to one proxy's
 * {@link dev.meshlog.engine.snapshot.ProxyConfig}; {@link dev.meshlog.engine.snapshot.SnapshotProcessor}
 * keeps the stores, the causes and the debounced publishing.
 *
 * <p>Choices where Istio and the brief leave room, so they are made once and on purpose:
 * <ul>
 *   <li>Hosts are services with at least one endpoint and ServiceEntry hosts (a service wins a name clash).
 *       A ServiceEntry host's default port (catch-all route, unported destinations) is its lowest declared port, else 80.</li>
 *   <li>A destination outside the proxy's Sidecar scope keeps its cluster, so the route stays valid
 *       (Istio would leave it dangling); see {@link dev.meshlog.engine.snapshot.ClusterDemand}.</li>
 *   <li>Several VirtualServices or DestinationRules for one host: the oldest by the chain sequence that created it
 *       wins (kept across updates in the {@code snapshot-policy-created} store). Several Sidecars,
 *       PeerAuthentications at one level: the first by subject (their creation order is not kept).</li>
 *   <li>When every route of the host's VirtualService is for other sources, the host falls back to its
 *       catch-all route, as Istio skips a VirtualService that yields no routes.</li>
 *   <li>A lone destination takes 100% whatever its weight; otherwise weights must sum to 100 or the snapshot is
 *       held back (logged, counted in {@code invalid-snapshot-total}); the last good snapshot stays published.</li>
 *   <li>{@code inbound} is always set: mode UNSET and no authorization when nothing applies, so a proxy can tell
 *       "no policy" from an old engine that did not send one. An UNSET port-level mode inherits the resolved mode.</li>
 *   <li>{@code causes}: the events that changed the proxy's content since its previous published snapshot, the last
 *       {@value dev.meshlog.engine.snapshot.PendingSnapshots#MAX_CAUSES} at most. They depend on push timing by
 *       definition, so replay comparisons leave them out; content, hash and version do not depend on it.</li>
 *   <li>Egress ports of a Sidecar are not looked at: a proxy has one outbound listener.</li>
 *   <li>Only the engine's trust domain's bundle is folded; the others advance the position and change nothing. The roots
 *       keep the CA's order (signing root last) rather than being sorted. A bundle with no root, a duplicate, or a root
 *       that is not a CA certificate is skipped (logged): a tombstone, not an empty bundle, removes the roots.</li>
 *   <li>ServiceEntry endpoints (MESH_EXTERNAL or MESH_INTERNAL addresses) carry no identity: they have no service account
 *       here, so there is nothing to verify a peer certificate against. A workload whose namespace or service account
 *       cannot be a SPIFFE path segment is skipped at the edge rather than holding back every caller's snapshot.</li>
 * </ul>
 */
package dev.meshlog.engine.snapshot;
