package dev.meshlog.proxy.authz;

import dev.meshlog.proxy.mtls.ConnectionSecurity;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/**
 * What authorization knows about one inbound request. Absent facts are {@code null} (a plaintext
 * peer has no principal; a test channel has no addresses): they match no value, as in Envoy.
 *
 * @param principal the peer's SPIFFE identity without {@code spiffe://} ({@code td/ns/x/sa/y}), Istio's source.principal
 * @param namespace the peer's namespace, read from its principal
 * @param sourceIp the downstream peer's address (Istio's source.ip and ipBlocks use the direct peer)
 * @param destinationPort the workload port the request is for: the app's port (Istio's workload/container port,
 *     the key of PeerAuthentication's portLevelMtls too), never the sidecar's inbound listener port; -1 unknown
 * @param host the Host header (h2's :authority)
 * @param path the request path without query or fragment, normalized as Istio does by default
 * @param sni the server name the peer asked for in TLS, null when plaintext or none was sent
 */
public record RequestAttributes(String principal, String namespace, InetAddress sourceIp, InetAddress destinationIp,
    int destinationPort, String host, String method, String path, HttpHeaders headers, String sni) {

  private static final String SPIFFE = "spiffe://";

  public RequestAttributes {
    headers = headers == null ? EmptyHttpHeaders.INSTANCE : headers;
  }

  /**
   * The facts of {@code request} received on {@code channel} (a connection or an h2 stream).
   *
   * @param withSni whether to read the TLS server name (only policies with a connection.sni condition need it)
   * @param workloadPort the app's port the sidecar forwards to, -1 unknown
   */
  public static RequestAttributes of(HttpRequest request, Channel channel, boolean withSni, int workloadPort) {
    String principal = principal(ConnectionSecurity.of(channel));
    InetSocketAddress local = inet(channel.localAddress());
    InetSocketAddress remote = inet(channel.remoteAddress());
    return new RequestAttributes(principal, namespaceOf(principal), remote == null ? null : remote.getAddress(),
        local == null ? null : local.getAddress(), workloadPort,
        request.headers().get(HttpHeaderNames.HOST), request.method().name(), PathNormalizer.normalize(pathOf(request.uri())),
        request.headers(),
        withSni ? sni(channel) : null);
  }

  static String principal(ConnectionSecurity security) {
    if (security.peerPrincipal().isEmpty()) {
      return null;
    }
    String uri = security.peerPrincipal().get();
    return uri.startsWith(SPIFFE) ? uri.substring(SPIFFE.length()) : uri;
  }

  /** The {@code ns} of {@code td/ns/<ns>/sa/<sa>}; null when the principal has none. */
  static String namespaceOf(String principal) {
    if (principal == null) {
      return null;
    }
    int start = principal.indexOf("/ns/");
    if (start < 0) {
      return null;
    }
    start += 4;
    int end = principal.indexOf('/', start);
    return end < 0 ? principal.substring(start) : principal.substring(start, end);
  }

  /** Origin-form or absolute-form target to its path: no scheme, authority, query or fragment. */
  static String pathOf(String uri) {
    int from = pathStart(uri);
    int end = pathEnd(uri, from);
    if (from == end) {
      return "/";
    }
    return from == 0 && end == uri.length() ? uri : uri.substring(from, end);
  }

  /** Where the path of {@code uri} starts: 0 in origin-form, after the authority in absolute-form. */
  static int pathStart(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme <= 0 || uri.indexOf('/') <= scheme) {
      return 0;
    }
    int slash = uri.indexOf('/', scheme + 3);
    if (slash < 0) {
      int query = uri.indexOf('?', scheme + 3);
      return query < 0 ? uri.length() : query;
    }
    return slash;
  }

  /** Where the path of {@code uri} ends: at its query, its fragment, or the end. */
  static int pathEnd(String uri, int from) {
    for (int i = from; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        return i;
      }
    }
    return uri.length();
  }

  /** The request's header {@code name}, several values joined by a comma as Envoy joins them; null if absent. */
  public String header(String name) {
    List<String> all = headers.getAll(name);
    return switch (all.size()) {
      case 0 -> null;
      case 1 -> all.get(0);
      default -> String.join(",", all);
    };
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }

  /** Only looked up on a TLS connection; an h2 stream's TLS is its parent connection's. */
  private static String sni(Channel channel) {
    for (Channel c = channel; c != null; c = c.parent()) {
      SslHandler tls = c.pipeline().get(SslHandler.class);
      if (tls != null) {
        // Requests only flow after the handshake, so the session is the negotiated one.
        SSLSession session = tls.engine().getSession();
        if (session instanceof ExtendedSSLSession extended) {
          for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
              return host.getAsciiName();
            }
          }
        }
        return null;
      }
    }
    return null;
  }
}
