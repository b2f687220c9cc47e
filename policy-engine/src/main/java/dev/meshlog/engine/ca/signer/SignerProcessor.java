package dev.meshlog.engine.ca.signer;

import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.engine.ca.BootstrapTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each certificate request and emits, for every decision, a {@code CertificateAudit}
 * keyed by the identity asked for, plus on issuance a {@code WorkloadCertificate} keyed by proxy id.
 */
final class SignerProcessor implements Processor<String, CertificateRequest, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(SignerProcessor.class);
  /** Expired nonces are useless to keep; sweeping once a minute bounds the store by the tokens alive. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final SignerSetup setup;
  private final RefusalLog refusals = new RefusalLog();
  private ProcessorContext<String, SpecificRecord> context;
  private CertificateDecider decider;

  SignerProcessor(SignerSetup setup) {
    this.setup = setup;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    KeyValueStore<String, Long> store = context.getStateStore(SignerTopology.NONCES_STORE);
    StoreUsedNonces nonces = new StoreUsedNonces(store);
    BootstrapTokens tokens = new BootstrapTokens(setup.tokenKey(), setup.clock(), nonces);
    decider = new CertificateDecider(setup.trustDomain(), setup.workloadTtl(), setup.authority(), Map.of(
        CaRequest.Kind.BOOTSTRAP_TOKEN, new BootstrapTokenVerifier(tokens),
        CaRequest.Kind.CERTIFICATE, new RenewalProofVerifier(setup.authority()),
        CaRequest.Kind.KUBERNETES_TOKEN, setup.kubernetes()));
    context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
      int swept = nonces.sweep(setup.clock().instant());
      if (swept > 0) {
        log.debug("forgot {} nonces of expired bootstrap tokens", swept);
      }
    });
  }

  @Override
  public void process(Record<String, CertificateRequest> record) {
    if (record.value() == null) {
      log.warn("skipping an empty certificate request record (tombstone) keyed {}", record.key());
      return;
    }
    CaRequest request = SignerWire.request(record.value());
    RequestOrigin origin = RequestOrigin.of(record.headers()).orElse(RequestOrigin.UNKNOWN);
    Instant now = setup.clock().instant();
    Decision decision = decide(request, origin, now);
    if (decision instanceof Decision.Issued issued) {
      setup.metrics().recordIssued();
      log.info("[proxy={}] issued certificate for {}: serial {}, notAfter {}", request.proxyId(), issued.identity(),
          issued.chain().leaf().getSerialNumber().toString(16), issued.chain().leaf().getNotAfter().toInstant());
      context.forward(record.withKey(request.proxyId()).withValue(SignerWire.certificate(request, issued, now)));
    } else if (decision instanceof Refusal refusal) {
      setup.metrics().recordRefused(refusal.reason());
      refusals.refused(now, request.identity(), request.proxyId(), refusal);
    }
    context.forward(record.withKey(request.identity()).withValue(SignerWire.audit(request, decision, origin, now)));
  }

  /** An unexpected failure on one odd request is refused and audited; it must not stop the CA. */
  private Decision decide(CaRequest request, RequestOrigin origin, Instant now) {
    try {
      return decider.decide(request, now);
    } catch (KafkaException e) {
      throw e; // the nonce store failed: let Streams handle it (the transaction aborts)
    } catch (RuntimeException e) {
      log.error("[proxy={}] signer failed on the request at {}", request.proxyId(), origin, e);
      return new Refusal(RefusalReason.INTERNAL, "the signer failed on this request");
    }
  }
}
