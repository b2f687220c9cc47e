package dev.meshlog.proxy.mtls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies mesh peers inside the TLS handshake, on both sides, with {@link PeerVerifier} against
 * the trust bundle current at that handshake: chain to a bundle root, validity, one SPIFFE URI in
 * our trust domain. A refusal fails the handshake, is counted and logged (rate-limited). The
 * client's check that the server is the endpoint's expected identity needs the endpoint, which a
 * shared context does not know: the pool does it right after the handshake.
 */
final class MeshTrustManager extends X509ExtendedTrustManager {

  private static final Logger log = LoggerFactory.getLogger(MeshTrustManager.class);

  private final Supplier<TrustBundle> trust;
  private final PeerVerifier verifier;
  private final MtlsStats stats;
  private final String proxyId;

  MeshTrustManager(Supplier<TrustBundle> trust, PeerVerifier verifier, MtlsStats stats, String proxyId) {
    this.trust = trust;
    this.verifier = verifier;
    this.stats = stats;
    this.proxyId = proxyId;
  }

  private void check(X509Certificate[] chain, String side, String peer) throws CertificateException {
    PeerCheck check = verifier.verify(chain, trust.get());
    if (check instanceof PeerCheck.Refused refused) {
      stats.refuse(refused.counter(), log, "[proxy={}] TLS {} {} refused: {}", proxyId, side, peer, refused.reason());
      throw new PeerRefusedException(refused.reason());
    }
  }

  private static String peer(SSLEngine engine) {
    return engine == null || engine.getPeerHost() == null ? "peer" : engine.getPeerHost() + ":" + engine.getPeerPort();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain, "client", peer(engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain, "server", peer(engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, "client", "peer");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain, "server", "peer");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, "client", "peer");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, "server", "peer");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.get().roots().toArray(X509Certificate[]::new);
  }
}
