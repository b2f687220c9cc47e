package dev.meshlog.engine.ca.checkpoint;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.Source;
import dev.meshlog.engine.ca.SigningCa;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** The checkpoint job's edge: a partition head and the signing CA in, a signed Avro {@link PolicyCheckpoint} out. */
final class CheckpointWire {

  static final String TYPE = "PolicyCheckpointSigned";
  static final String ACTOR = "meshlog-ca";

  private CheckpointWire() {}

  /** The record key, also the envelope subject: the events topic-partition the checkpoint covers. */
  static String key(String topic, int partition) {
    return topic + "-" + partition;
  }

  static PolicyCheckpoint signed(String trustDomain, String topic, int partition, PartitionHead head, Instant now, SigningCa ca) {
    String key = key(topic, partition);
    PolicyCheckpoint checkpoint = PolicyCheckpoint.newBuilder()
        .setEnvelope(Envelope.newBuilder()
            // one id per covered head: a checkpoint signed again after a crash before commit has the same id
            .setId(UUID.nameUUIDFromBytes((TYPE + "|" + key + "@" + head.offset()).getBytes(StandardCharsets.UTF_8)).toString())
            .setType(TYPE)
            .setSubject(key)
            .setActor(ACTOR)
            .setReason("")
            .setSource(Source.ENGINE)
            .setTime(Instant.ofEpochMilli(now.toEpochMilli())) // the wire keeps millis, so sign what is kept
            .build())
        .setTrustDomain(trustDomain)
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(head.offset())
        .setSequence(head.sequence())
        .setHash(head.hash())
        .setSignatureAlgorithm(CheckpointSignature.algorithmFor(ca.privateKey()))
        .setSignature(ByteBuffer.allocate(0))
        .setSignerChainPem(ca.chain().stream().map(CheckpointWire::pem).toList())
        .build();
    checkpoint.setSignature(ByteBuffer.wrap(CheckpointSignature.sign(checkpoint, ca.privateKey())));
    return checkpoint;
  }

  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CA certificate", e);
    }
  }
}
