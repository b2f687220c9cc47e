package dev.meshlog.proxy.mtls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of mesh mTLS for the upstream pools: decides per endpoint whether a connection
 * is plain or mutual TLS (DestinationRule tls mode, or Istio's auto mTLS), and turns a connected
 * channel into a verified mTLS one. The server must chain to our bundle and be in our trust domain
 * (the trust manager, in the handshake) and be exactly the endpoint's expected SPIFFE identity
 * (checked here, right after the handshake, before any request is written). Any failure fails the
 * connect, so the request gets Envoy's 503 UF and a retry on connect-failure may pick another endpoint.
 */
public final class UpstreamTls {

  private static final Logger log = LoggerFactory.getLogger(UpstreamTls.class);

  /** Pools without mesh credentials (tests): every connection is plain. */
  public static final UpstreamTls PLAINTEXT_ONLY = new UpstreamTls(Optional.empty());

  private final Optional<WorkloadCredentials> credentials;

  private UpstreamTls(Optional<WorkloadCredentials> credentials) {
    this.credentials = credentials;
  }

  public static UpstreamTls of(WorkloadCredentials credentials) {
    return new UpstreamTls(Optional.of(credentials));
  }

  public UpstreamSecurity decide(UpstreamTlsMode mode, String endpointIdentity) {
    if (credentials.isEmpty()) {
      return UpstreamSecurity.PLAINTEXT;
    }
    return UpstreamSecurity.decide(mode, endpointIdentity, credentials.get().hasCertificate());
  }

  /**
   * A TLS handler for a new connection to a server that must be {@code security}'s identity, or a
   * failure counted as {@code ssl.no_certificate} when this proxy has no certificate to present.
   */
  public SslHandler newHandler(ByteBufAllocator alloc, Object server, UpstreamSecurity.MutualTls security, boolean http2)
      throws SSLException {
    Optional<MeshTlsContexts> contexts = credentials.flatMap(WorkloadCredentials::contexts);
    if (contexts.isEmpty()) {
      String proxy = credentials.map(WorkloadCredentials::proxyId).orElse("?");
      credentials.ifPresent(c -> c.stats().refuse(MtlsStats.Counter.NO_CERTIFICATE, log,
          "[proxy={}] mTLS connection to {} ({}) not made: this proxy has no certificate yet", proxy,
          server, security.expectedIdentity()));
      throw new SSLException("no workload certificate to present to " + security.expectedIdentity());
    }
    return contexts.get().newClientHandler(alloc, http2);
  }

  /**
   * Adds TLS in front of {@code ch}'s pipeline (it is connected) and completes {@code done} with it
   * once the handshake is done and the server is the expected identity; else closes it and fails.
   */
  public Future<Channel> secure(Channel ch, UpstreamSecurity.MutualTls security, Promise<Channel> done) {
    SslHandler tls;
    try {
      tls = newHandler(ch.alloc(), ch.remoteAddress(), security, false);
    } catch (SSLException e) {
      ch.close();
      return done.setFailure(e);
    }
    ch.pipeline().addFirst("tls", tls);
    tls.handshakeFuture().addListener(f -> {
      if (f.isSuccess() && verified(ch, tls, security)) {
        done.trySuccess(ch);
      } else {
        if (!f.isSuccess()) {
          failed(ch, f.cause());
        }
        ch.close();
        done.tryFailure(f.isSuccess() ? new SSLException("server identity refused") : f.cause());
      }
    });
    // AUTO_READ is off: the handshake reads on by itself once started; the first read starts it.
    ch.read();
    return done;
  }

  /** The expected-identity check (post-handshake) and the server principal on the connection, for telemetry. */
  public boolean verified(Channel ch, SslHandler tls, UpstreamSecurity.MutualTls security) {
    WorkloadCredentials creds = credentials.orElseThrow();
    String principal;
    try {
      Certificate[] peer = tls.engine().getSession().getPeerCertificates();
      principal = PeerVerifier.spiffeUris((X509Certificate) peer[0]).get(0);
    } catch (SSLPeerUnverifiedException | RuntimeException e) {
      creds.stats().refuse(MtlsStats.Counter.NO_CERTIFICATE, log, "[proxy={}] upstream {} has no verified identity: {}",
          creds.proxyId(), ch.remoteAddress(), e.toString());
      return false;
    }
    PeerCheck check = PeerVerifier.expect(new PeerCheck.Verified(principal), security.expectedIdentity());
    if (check instanceof PeerCheck.Refused refused) {
      creds.stats().refuse(refused.counter(), log, "[proxy={}] upstream {} refused: {}", creds.proxyId(),
          ch.remoteAddress(), refused.reason());
      return false;
    }
    creds.stats().count(MtlsStats.Counter.HANDSHAKE);
    ConnectionSecurity.mutualTls(principal).attachTo(ch);
    return true;
  }

  /** Checks the server once {@code tls} (already in {@code ch}'s pipeline) finished its handshake; closes {@code ch} if refused. */
  public void verifyOnHandshake(Channel ch, SslHandler tls, UpstreamSecurity.MutualTls security) {
    tls.handshakeFuture().addListener(f -> {
      if (!f.isSuccess()) {
        failed(ch, f.cause());
        ch.close();
      } else if (!verified(ch, tls, security)) {
        ch.close();
      }
    });
  }

  /** A failed client handshake: the trust manager counted a refused server already. */
  public void failed(Channel ch, Throwable cause) {
    credentials.ifPresent(creds -> {
      if (!PeerRefusedException.causedBy(cause)) {
        creds.stats().refuse(MtlsStats.Counter.CONNECTION_ERROR, log, "[proxy={}] TLS handshake with upstream {} failed: {}",
            creds.proxyId(), ch.remoteAddress(), String.valueOf(cause.getMessage()));
      }
    });
  }
}
