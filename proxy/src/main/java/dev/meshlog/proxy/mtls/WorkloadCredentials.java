package dev.meshlog.proxy.mtls;

import dev.meshlog.proxy.listener.tls.ServerTls;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's mesh identity: its private key and certificate chain (installed, and rotated, by
 * the CSR client), and the trust domain and roots of the applied snapshot. Thread-safe: installs
 * and snapshot applies swap an immutable state; the event loops read it once per new connection, so
 * a rotation reaches new connections while open ones keep the context they were made with.
 */
public final class WorkloadCredentials {

  private static final Logger log = LoggerFactory.getLogger(WorkloadCredentials.class);
  private static final String TLS_13 = "TLSv1.3";

  private record State(Optional<PrivateKey> key, List<X509Certificate> chain, TrustBundle trust,
      Optional<MeshTlsContexts> contexts) {
  }

  private final String proxyId;
  private final MtlsStats stats;
  private final MeshTrustManager trustManager;
  private volatile State state = new State(Optional.empty(), List.of(), TrustBundle.EMPTY, Optional.empty());

  public WorkloadCredentials(String proxyId, MtlsStats stats, Clock clock) {
    this.proxyId = proxyId;
    this.stats = stats;
    // Reads the bundle per handshake, so a new bundle (a root rotation) applies to the next handshake.
    this.trustManager = new MeshTrustManager(() -> state.trust(), new PeerVerifier(clock), stats, proxyId);
  }

  public WorkloadCredentials(String proxyId) {
    this(proxyId, new MtlsStats(), Clock.systemUTC());
  }

  /**
   * Installs (or rotates to) a key and its chain, leaf first. New connections use it at once.
   *
   * @throws IllegalArgumentException when no TLS context can be built from them (key and leaf do not match)
   */
  public synchronized void install(PrivateKey key, List<X509Certificate> chain) {
    Objects.requireNonNull(key, "key");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("an empty certificate chain");
    }
    List<X509Certificate> copy = List.copyOf(chain);
    MeshTlsContexts contexts = build(key, copy);
    State before = state;
    state = new State(Optional.of(key), copy, before.trust(), Optional.of(contexts));
    log.info("[proxy={}] workload certificate installed: {} valid until {}", proxyId,
        PeerVerifier.spiffeUris(copy.get(0)), copy.get(0).getNotAfter().toInstant());
  }

  /** The trust domain and roots of a newly applied snapshot; a no-op when unchanged. */
  public synchronized void applyTrust(TrustBundle trust) {
    State before = state;
    if (!before.trust().equals(trust)) {
      state = new State(before.key(), before.chain(), trust, before.contexts());
      log.info("[proxy={}] trust bundle applied: trust domain {}, {} roots", proxyId, trust.trustDomain(), trust.roots().size());
    }
  }

  public Optional<X509Certificate> leaf() {
    List<X509Certificate> chain = state.chain();
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
  }

  public List<X509Certificate> chain() {
    return state.chain();
  }

  public boolean hasCertificate() {
    return state.contexts().isPresent();
  }

  public TrustBundle trust() {
    return state.trust();
  }

  /** The contexts for new connections; empty until a certificate is installed. */
  public Optional<MeshTlsContexts> contexts() {
    return state.contexts();
  }

  public MtlsStats stats() {
    return stats;
  }

  public String proxyId() {
    return proxyId;
  }

  private MeshTlsContexts build(PrivateKey key, List<X509Certificate> chain) {
    X509Certificate[] certs = chain.toArray(X509Certificate[]::new);
    try {
      ServerTls server = ServerTls.of(SslContextBuilder.forServer(key, certs)
          .protocols(TLS_13)
          .clientAuth(ClientAuth.REQUIRE)
          .trustManager(trustManager));
      return new MeshTlsContexts(server, client(key, certs, ApplicationProtocolNames.HTTP_1_1),
          client(key, certs, ApplicationProtocolNames.HTTP_2));
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot build TLS contexts from the workload certificate: " + e.getMessage(), e);
    }
  }

  private SslContext client(PrivateKey key, X509Certificate[] certs, String protocol) throws SSLException {
    return SslContextBuilder.forClient()
        .protocols(TLS_13)
        .keyManager(key, certs)
        .trustManager(trustManager)
        // Peers are named by their SPIFFE URI, not a host name: no host name check (the SAN check replaces it).
        .endpointIdentificationAlgorithm(null)
        .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, protocol))
        .build();
  }
}
