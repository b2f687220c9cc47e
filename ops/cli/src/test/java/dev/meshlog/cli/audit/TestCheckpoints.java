package dev.meshlog.cli.audit;

import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.PolicyCheckpoint;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.Source;
import dev.meshlog.engine.ca.CaSettings;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import dev.meshlog.engine.ca.checkpoint.CheckpointSignature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** CAs minted per test (never checked in), and checkpoints signed the way the CA app signs them. */
final class TestCheckpoints {

  static final String DOMAIN = "cluster.local";
  /** Now, in millis as the wire keeps it: a checkpoint must fall within its signer's validity (CAs are minted per test run). */
  static final Instant SIGNED_AT = Instant.ofEpochMilli(System.currentTimeMillis());

  private TestCheckpoints() {}

  static SigningCa newCa(Path dir) {
    return MeshCa.loadOrCreate(CaSettings.defaults(dir, DOMAIN), "pw".toCharArray(), Clock.systemUTC());
  }

  /** A checkpoint of {@code event} at {@code offset} of partition 0, signed by {@code ca} with its chain. */
  static PolicyCheckpoint signed(SigningCa ca, String topic, long offset, PolicyEvent event) {
    return signed(ca, topic, offset, event, SIGNED_AT);
  }

  static PolicyCheckpoint signed(SigningCa ca, String topic, long offset, PolicyEvent event, Instant at) {
    PolicyCheckpoint checkpoint = PolicyCheckpoint.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("cp-" + offset).setType("PolicyCheckpointSigned").setSubject(topic + "-0")
            .setActor("meshlog-ca").setSource(Source.ENGINE).setTime(at).build())
        .setTrustDomain(DOMAIN).setTopic(topic).setPartition(0).setOffset(offset)
        .setSequence(event.getSequence()).setHash(event.getEnvelope().getHash())
        .setSignatureAlgorithm("SHA256withECDSA").setSignature(ByteBuffer.allocate(0))
        .setSignerChainPem(ca.chain().stream().map(TestCheckpoints::pem).toList())
        .build();
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA");
      signature.initSign(ca.privateKey());
      signature.update(CheckpointSignature.payload(checkpoint));
      checkpoint.setSignature(ByteBuffer.wrap(signature.sign()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return checkpoint;
  }

  static MeshTrustBundle bundle(X509Certificate... roots) {
    return MeshTrustBundle.newBuilder()
        .setEnvelope(Envelope.newBuilder().setId("bundle").setType("TrustBundleChanged").setSubject(DOMAIN)
            .setActor("meshlog-ca").setSource(Source.ENGINE).setTime(SIGNED_AT).build())
        .setTrustDomain(DOMAIN).setRootsPem(List.of(roots).stream().map(TestCheckpoints::pem).toList()).build();
  }

  static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
