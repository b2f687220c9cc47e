package dev.meshlog.engine.ca.signer;

import dev.meshlog.avro.CertificateAudit;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.MeshTrustBundle;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.schemas.TopicSpec;
import dev.meshlog.schemas.Topics;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The mesh CA signer job: certificate requests in; workload certificates (public only), an audit
 * record for every decision, and the trust bundle out.
 *
 * <p>Requests arrive keyed by proxy id, but a bootstrap token is bound to an identity, so every
 * request for one identity is re-keyed by that identity through a repartition topic: whichever
 * proxy id a replayed token comes with, it meets the one task (and nonce store) that saw it first.
 */
public final class SignerTopology {

  public static final String SOURCE = "ca-requests-source";
  public static final String REPARTITION = "ca-requests-by-identity";
  public static final String PROCESSOR = "ca-signer";
  /** Nonces of redeemed bootstrap tokens, until their tokens expire. */
  public static final String NONCES_STORE = "ca-used-nonces";
  public static final String BUNDLE_SOURCE = "ca-bundle-source";
  public static final String BUNDLE_PROCESSOR = "ca-bundle";
  /** The latest trust bundle on the bundle topic, per trust domain. */
  public static final String BUNDLE_STORE = "ca-published-bundle";

  private SignerTopology() {}

  public static Topology build(Topics topics, SignerSetup setup) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, topics, setup);
    return builder.build();
  }

  /** Adds the signer's graph to {@code builder}: the CA app runs it beside the policy checkpoints. */
  public static void addTo(StreamsBuilder builder, Topics topics, SignerSetup setup) {
    TopicSpec<String, CertificateRequest> requests = topics.caRequests();
    TopicSpec<String, WorkloadCertificate> certificates = topics.caCertificates();
    TopicSpec<String, CertificateAudit> audit = topics.caAudit();
    TopicSpec<String, MeshTrustBundle> bundle = topics.caBundle();

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NONCES_STORE), Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUNDLE_STORE), Serdes.String(), bundle.valueSerde()));

    KStream<String, SpecificRecord> decided = builder
        .stream(requests.name(), Consumed.with(requests.keySerde(), requests.valueSerde()).withName(SOURCE))
        .processValues(RequestOrigin.Stamp::new, Named.as("ca-stamp-origin"))
        .selectKey((proxyId, request) -> request == null || request.getIdentity() == null ? proxyId : request.getIdentity(),
            Named.as("ca-key-by-identity"))
        .repartition(Repartitioned.with(Serdes.String(), requests.valueSerde()).withName(REPARTITION))
        .process(() -> new SignerProcessor(setup), Named.as(PROCESSOR), NONCES_STORE);

    decided.split(Named.as("ca-output-"))
        .branch((key, out) -> out instanceof WorkloadCertificate, Branched.withConsumer(s -> s
            .mapValues(out -> (WorkloadCertificate) out, Named.as("ca-as-certificate"))
            .to(certificates.name(), Produced.with(certificates.keySerde(), certificates.valueSerde())
                .withName("ca-certificates-sink")), "certificates"))
        .branch((key, out) -> out instanceof CertificateAudit, Branched.withConsumer(s -> s
            .mapValues(out -> (CertificateAudit) out, Named.as("ca-as-audit"))
            .to(audit.name(), Produced.with(audit.keySerde(), audit.valueSerde()).withName("ca-audit-sink")), "audit"))
        .noDefaultBranch();

    builder.stream(bundle.name(), Consumed.with(bundle.keySerde(), bundle.valueSerde()).withName(BUNDLE_SOURCE))
        .process(() -> new BundleProcessor(setup), Named.as(BUNDLE_PROCESSOR), BUNDLE_STORE)
        .to(bundle.name(), Produced.with(bundle.keySerde(), bundle.valueSerde())
            .withStreamPartitioner(SignerTopology.<MeshTrustBundle>partitionZero()).withName("ca-bundle-sink"));
  }

  private static <V> StreamPartitioner<String, V> partitionZero() {
    return (topic, key, value, partitions) -> Optional.of(Set.of(0));
  }
}
