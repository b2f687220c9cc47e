package dev.meshlog.proxy.mtls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Objects;
import java.util.Optional;

/**
 * How a downstream connection reached this proxy: over mutual TLS with a verified peer, or in plain
 * text. Set on the connection once its TLS handshake is done (or once it is known to be plain), and
 * read per request by authorization and telemetry. An HTTP/2 stream channel asks its parent.
 *
 * @param mutualTls the peer presented a certificate that chained to our trust bundle
 * @param peerPrincipal the peer's SPIFFE URI ({@code spiffe://td/ns/x/sa/y}); empty in plain text
 */
public record ConnectionSecurity(boolean mutualTls, Optional<String> peerPrincipal) {

  public static final ConnectionSecurity PLAINTEXT = new ConnectionSecurity(false, Optional.empty());

  private static final AttributeKey<ConnectionSecurity> KEY = AttributeKey.valueOf("meshlog.connection.security");

  public ConnectionSecurity {
    Objects.requireNonNull(peerPrincipal, "peerPrincipal");
    if (mutualTls && peerPrincipal.isEmpty()) {
      throw new IllegalArgumentException("a mutual TLS connection has a peer principal");
    }
  }

  public static ConnectionSecurity mutualTls(String peerPrincipal) {
    return new ConnectionSecurity(true, Optional.of(peerPrincipal));
  }

  /** Istio's {@code connection_security_policy} label. */
  public String policyLabel() {
    return mutualTls ? "mutual_tls" : "none";
  }

  public void attachTo(Channel connection) {
    connection.attr(KEY).set(this);
  }

  /** The security of the connection {@code channel} is, or belongs to (an h2 stream); plain text if never set. */
  public static ConnectionSecurity of(Channel channel) {
    for (Channel c = channel; c != null; c = c.parent()) {
      ConnectionSecurity security = c.attr(KEY).get();
      if (security != null) {
        return security;
      }
    }
    return PLAINTEXT;
  }
}
