package dev.meshlog.proxy.identity;

import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.proxy.identity.wire.CertificateWire;
import dev.meshlog.schemas.Topics;
import dev.meshlog.schemas.deadletter.DeadLetterCounts;
import dev.meshlog.schemas.deadletter.DeadLetterPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sidecar supplied with a workload certificate, as istio-agent does: it makes a key pair,
 * sends only a CSR to the mesh CA, installs the chain that comes back for that very key, and starts
 * over with a new key pair once {@code renewFraction} of the certificate's lifetime has passed. The
 * first request is proven with the bootstrap token, each renewal with the current certificate and
 * key ({@link RenewalCredential}). Until a new chain is installed the current one stays in use.
 *
 * <p>All state lives on one scheduler thread; the feed's thread only hands answers over.
 */
public final class CertificateClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateClient.class);

  private final String proxyId;
  private final URI identity;
  private final WorkloadIdentityConfig config;
  private final RenewalSchedule schedule;
  private final CertificateInstaller installer;
  private final CertificateStatus status;
  private final Clock clock;
  private final CertificateRequests requests;
  private final CertificateFeed feed;
  private final ScheduledExecutorService executor;
  /** A publisher this client made itself (when none was given), closed with it. */
  private final Optional<DeadLetterPublisher> ownDeadLetters;

  /** The key waiting for its certificate, and how many requests were sent for it. */
  private Optional<WorkloadKey> pendingKey = Optional.empty();
  private int attempt;
  private Optional<ScheduledFuture<?>> answerDeadline = Optional.empty();
  /** The installed key and chain, the proof of a renewal. */
  private Optional<WorkloadKey> currentKey = Optional.empty();
  private Optional<IssuedCertificate> current = Optional.empty();

  private CertificateClient(String bootstrap, KafkaClientSettings client, Topics topics, String proxyId, String namespace,
      WorkloadIdentityConfig config, CertificateInstaller installer, CertificateStatus status, Clock clock,
      Optional<DeadLetterPublisher> givenDeadLetters) {
    this.proxyId = proxyId;
    this.ownDeadLetters = givenDeadLetters.isPresent() ? Optional.empty()
        : Optional.of(new DeadLetterPublisher(bootstrap, client.over(Map.of()), topics.deadLetter(), new DeadLetterCounts("proxy")));
    this.identity = config.identity(namespace);
    this.config = config;
    this.schedule = RenewalSchedule.of(config);
    this.installer = installer;
    this.status = status;
    this.clock = clock;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "meshlog-certificate-client-" + proxyId);
      thread.setDaemon(true);
      return thread;
    });
    this.requests = new CertificateRequests(bootstrap, client, topics.caRequests(), proxyId);
    this.feed = new CertificateFeed(bootstrap, client, topics.caCertificates(), proxyId, this::answered,
        givenDeadLetters.or(() -> ownDeadLetters).orElseThrow());
  }

  /**
   * Starts following the certificates topic and sends the first request; returns at once (the
   * certificate arrives later, through {@code installer}).
   */
  public static CertificateClient start(String bootstrap, Topics topics, String proxyId, String namespace,
      WorkloadIdentityConfig config, CertificateInstaller installer, CertificateStatus status) {
    return start(bootstrap, KafkaClientSettings.NONE, topics, proxyId, namespace, config, installer, status, Optional.empty());
  }

  /** As above; an undecodable certificate record of ours goes to {@code deadLetters} (the sidecar's one publisher). */
  public static CertificateClient start(String bootstrap, Topics topics, String proxyId, String namespace,
      WorkloadIdentityConfig config, CertificateInstaller installer, CertificateStatus status, DeadLetterPublisher deadLetters) {
    return start(bootstrap, KafkaClientSettings.NONE, topics, proxyId, namespace, config, installer, status, Optional.of(deadLetters));
  }

  /** As above, logged in with the cluster's connection and security settings (the proxy's own login). */
  public static CertificateClient start(String bootstrap, KafkaClientSettings client, Topics topics, String proxyId, String namespace,
      WorkloadIdentityConfig config, CertificateInstaller installer, CertificateStatus status, DeadLetterPublisher deadLetters) {
    return start(bootstrap, client, topics, proxyId, namespace, config, installer, status, Optional.of(deadLetters));
  }

  private static CertificateClient start(String bootstrap, KafkaClientSettings client, Topics topics, String proxyId, String namespace,
      WorkloadIdentityConfig config, CertificateInstaller installer, CertificateStatus status, Optional<DeadLetterPublisher> deadLetters) {
    CertificateClient started = new CertificateClient(bootstrap, client, topics, proxyId, namespace, config, installer, status,
        Clock.systemUTC(), deadLetters);
    started.feed.start();
    started.executor.execute(started::beginRound);
    log.info("[proxy={}] asking the mesh CA for {} ({})", proxyId, started.identity, config);
    return started;
  }

  /** A new key pair, then requests for it until one is answered. */
  private void beginRound() {
    if (pendingKey.isPresent()) {
      return;
    }
    pendingKey = Optional.of(WorkloadKey.generate());
    attempt = 0;
    sendRequest();
  }

  private void sendRequest() {
    Duration wait = schedule.backoff(attempt);
    try {
      publish(pendingKey.orElseThrow(), wait);
    } catch (RuntimeException e) {
      log.warn("[proxy={}] certificate request could not be made: {}", proxyId, e.toString());
      status.failed("request could not be made: " + e.getMessage());
    }
    // Whatever happened to this request, the deadline sends the next one.
    answerDeadline = Optional.of(executor.schedule(this::noAnswer, wait.toMillis(), TimeUnit.MILLISECONDS));
  }

  private void publish(WorkloadKey key, Duration wait) {
    Instant now = clock.instant();
    PKCS10CertificationRequest csr = key.certificateRequest(identity);
    boolean renewal = current.isPresent() && now.isBefore(current.get().notAfter());
    CredentialKind kind = credentialKind(renewal, config);
    String credential = renewal
        ? RenewalCredential.value(current.get().chain(), currentKey.orElseThrow().privateKey(), der(csr))
        : config.bootstrapToken();
    String requestId = UUID.randomUUID().toString();
    requests.send(proxyId, CertificateWire.request(requestId, proxyId, identity, WorkloadKey.pem(csr), kind, credential,
        now), error -> onExecutor(() -> sendFailed(requestId, error)));
    status.requested(now.plus(wait));
    log.info("[proxy={}] certificate request {} for {} sent with a {} credential (attempt {}); answer awaited {} ms",
        proxyId, requestId, identity, kind, attempt + 1, wait.toMillis());
  }

  /** A renewal is proven with the current certificate; a first request with the configured token's kind. */
  static CredentialKind credentialKind(boolean renewal, WorkloadIdentityConfig config) {
    if (renewal) {
      return CredentialKind.CERTIFICATE;
    }
    return config.kubernetesToken() ? CredentialKind.KUBERNETES_TOKEN : CredentialKind.BOOTSTRAP_TOKEN;
  }

  private void noAnswer() {
    String reason = "no certificate for request attempt " + (attempt + 1) + " within "
        + schedule.backoff(attempt).toMillis() + " ms (CA down, or the credential refused: see mesh.ca.audit)";
    status.failed(reason);
    if (current.isPresent() && !clock.instant().isBefore(current.get().notAfter())) {
      log.error("[proxy={}] {}; the installed certificate {} expired at {}", proxyId, reason, current.get().serial(),
          current.get().notAfter());
    } else {
      log.warn("[proxy={}] {}; asking again", proxyId, reason);
    }
    attempt++;
    sendRequest();
  }

  private void sendFailed(String requestId, Exception error) {
    // The answer deadline still runs and sends the next request.
    log.warn("[proxy={}] certificate request {} could not be sent: {}", proxyId, requestId, error.toString());
    status.failed("request could not be sent: " + error.getMessage());
  }

  private void answered(IssuedCertificate answer) {
    onExecutor(() -> consider(answer));
  }

  private void consider(IssuedCertificate answer) {
    if (pendingKey.isEmpty()) {
      log.debug("[proxy={}] certificate {} published while no request is pending; ignored", proxyId, answer.serial());
      return;
    }
    WorkloadKey key = pendingKey.get();
    AnswerCheck.Verdict verdict = AnswerCheck.check(answer, proxyId, key.publicKey(), identity, clock.instant());
    if (verdict instanceof AnswerCheck.Ignored ignored) {
      log.info("[proxy={}] certificate record ignored: {}", proxyId, ignored.reason());
      return;
    }
    try {
      installer.install(key.privateKey(), answer.chain());
    } catch (RuntimeException e) {
      log.warn("[proxy={}] certificate {} could not be installed; the current one stays: {}", proxyId, answer.serial(),
          e.toString());
      status.failed("install failed: " + e.getMessage());
      return;
    }
    answerDeadline.ifPresent(deadline -> deadline.cancel(false));
    answerDeadline = Optional.empty();
    pendingKey = Optional.empty();
    currentKey = Optional.of(key);
    current = Optional.of(answer);
    Instant renewAt = schedule.renewAt(answer.notBefore(), answer.notAfter());
    status.installed(answer, renewAt);
    long delay = Math.max(0, Duration.between(clock.instant(), renewAt).toMillis());
    executor.schedule(this::beginRound, delay, TimeUnit.MILLISECONDS);
    log.info("[proxy={}] installed certificate {} for {}, valid {} .. {}; renewal at {}", proxyId, answer.serial(),
        identity, answer.notBefore(), answer.notAfter(), renewAt);
  }

  private void onExecutor(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("[proxy={}] certificate client closed; dropped a late event", proxyId);
    }
  }

  private static byte[] der(PKCS10CertificationRequest csr) {
    try {
      return csr.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI identity() {
    return identity;
  }

  public CertificateStatus status() {
    return status;
  }

  /** Stops renewing; the installed certificate stays installed. */
  @Override
  public void close() {
    feed.close();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    requests.close();
    ownDeadLetters.ifPresent(DeadLetterPublisher::close);
  }
}
