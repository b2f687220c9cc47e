package dev.meshlog.engine.wire;

import dev.meshlog.avro.ClusterConfig;
import dev.meshlog.avro.ProxySnapshot;
import dev.meshlog.engine.snapshot.ProxyConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@link SnapshotWire#content} and {@link SnapshotWire#hashOf} for the proxies one event reaches, converting and
 * encoding once what their configurations share. The proxies of one namespace share their clusters (the fold hands
 * them the same {@link ProxyConfig.Cluster} objects), which are most of a snapshot's bytes: here each such cluster is
 * converted to its wire record once, encoded once, and its bytes go into every hash that includes it. Same records and
 * same hashes as the one-proxy-at-a-time path (checked by ContentEncoderTest); not thread-safe, one per event.
 */
public final class ContentEncoder {

  private static final Schema SNAPSHOT = ProxySnapshot.getClassSchema();
  /** Single-object encoding's header: marker C3 01, then the schema's Rabin fingerprint, little-endian. */
  private static final byte[] HEADER = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
      .put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(SNAPSHOT)).array();

  private final Map<ProxyConfig.Cluster, ClusterConfig> converted = new IdentityHashMap<>();
  private final Map<ClusterConfig, byte[]> encoded = new IdentityHashMap<>();
  private final SpecificDatumWriter<ClusterConfig> clusterWriter = new SpecificDatumWriter<>(ClusterConfig.getClassSchema());
  private final SpecificDatumWriter<ProxySnapshot> snapshotWriter = new SplicingWriter();
  private BinaryEncoder reuse;

  /** {@link SnapshotWire#content(ProxyConfig)}, with the wire record of a cluster met before reused. */
  public ProxySnapshot content(ProxyConfig config) {
    return SnapshotWire.content(config, cluster -> converted.computeIfAbsent(cluster, SnapshotWire::canonicalCluster));
  }

  /** {@link SnapshotWire#hashOf}: SHA-256 of the single-object bytes, streamed, a cluster's bytes encoded once. */
  public String hashOf(ProxySnapshot content) {
    MessageDigest sha = SnapshotWire.sha256();
    sha.update(HEADER);
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      reuse = EncoderFactory.get().binaryEncoder(out, reuse);
      snapshotWriter.write(content, reuse);
      reuse.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("hashing the snapshot of " + content.getProxyId(), e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private byte[] encoded(ClusterConfig cluster) throws IOException {
    byte[] bytes = encoded.get(cluster);
    if (bytes == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(512);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      clusterWriter.write(cluster, encoder);
      encoder.flush();
      bytes = out.toByteArray();
      encoded.put(cluster, bytes);
    }
    return bytes;
  }

  /** Writes a cluster record as the bytes it encoded to before: a record's binary encoding does not depend on where it sits. */
  private final class SplicingWriter extends SpecificDatumWriter<ProxySnapshot> {
    SplicingWriter() {
      super(SNAPSHOT);
    }

    @Override
    protected void writeRecord(Schema schema, Object datum, Encoder out) throws IOException {
      if (datum instanceof ClusterConfig cluster) {
        out.writeFixed(encoded(cluster));
      } else {
        super.writeRecord(schema, datum, out);
      }
    }
  }
}
