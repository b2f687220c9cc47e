package dev.meshlog.cli.replay;

import dev.meshlog.avro.ProxySnapshot;

/** One proxy's snapshot as the engine had computed it at a point: version, content hash, and the snapshot (no causes). */
public record ReplayedProxy(String proxyId, long version, String hash, ProxySnapshot snapshot) {}
