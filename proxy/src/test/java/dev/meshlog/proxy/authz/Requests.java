package dev.meshlog.proxy.authz;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Request attributes built by hand for matcher tests: a plaintext GET / from 10.1.2.3 to port 9080. */
final class Requests {

  static final String SLEEP = "cluster.local/ns/default/sa/sleep";

  private String principal;
  private String sourceIp = "10.1.2.3";
  private String destinationIp = "10.9.9.9";
  private int port = 9080;
  private String host = "reviews.default.svc.cluster.local";
  private String method = "GET";
  private String path = "/";
  private String sni;
  private final HttpHeaders headers = new DefaultHttpHeaders();

  static Requests request() {
    return new Requests();
  }

  Requests from(String spiffeUri) {
    this.principal = RequestAttributes.principal(dev.meshlog.proxy.mtls.ConnectionSecurity.mutualTls(spiffeUri));
    return this;
  }

  Requests sourceIp(String ip) {
    this.sourceIp = ip;
    return this;
  }

  Requests destinationIp(String ip) {
    this.destinationIp = ip;
    return this;
  }

  Requests port(int port) {
    this.port = port;
    return this;
  }

  Requests host(String host) {
    this.host = host;
    return this;
  }

  Requests method(String method) {
    this.method = method;
    return this;
  }

  Requests uri(String uri) {
    this.path = RequestAttributes.pathOf(uri);
    return this;
  }

  Requests header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  Requests sni(String sni) {
    this.sni = sni;
    return this;
  }

  RequestAttributes build() {
    return new RequestAttributes(principal, RequestAttributes.namespaceOf(principal), ip(sourceIp), ip(destinationIp), port,
        host, method, path, headers, sni);
  }

  private static InetAddress ip(String literal) {
    try {
      return literal == null ? null : InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
