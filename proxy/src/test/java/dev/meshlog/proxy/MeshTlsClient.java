package dev.meshlog.proxy;

import dev.meshlog.proxy.mtls.TestCa;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test's own mTLS connection to a sidecar's inbound listener, as another sidecar would make it:
 * TLS 1.3, a workload certificate, the mesh root trusted; HTTP/1.1 keep-alive on one socket.
 */
final class MeshTlsClient implements AutoCloseable {

  private final SSLSocket socket;
  private final BufferedReader in;
  private final OutputStream out;

  MeshTlsClient(int port, TestCa.Issued identity, X509Certificate root) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("workload", identity.key(), new char[0], identity.chain().toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", root);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(new KeyManager[] {new AlwaysPresent((X509ExtendedKeyManager) kmf.getKeyManagers()[0])},
        tmf.getTrustManagers(), null);
    socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
  }

  /** The certificate the server presented in this connection's handshake. */
  X509Certificate serverCertificate() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** GET on the kept-alive connection; returns "status body" (bodies are content-length delimited). */
  String get(String path) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: reviews\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = in.readLine();
    if (status == null) {
      throw new IOException("connection closed");
    }
    int length = 0;
    boolean chunked = false;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      String lower = line.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    StringBuilder body = new StringBuilder();
    if (chunked) {
      for (int size = Integer.parseInt(in.readLine().trim(), 16); size > 0; size = Integer.parseInt(in.readLine().trim(), 16)) {
        char[] chunk = new char[size];
        in.read(chunk, 0, size);
        body.append(chunk);
        in.readLine();
      }
      in.readLine();
    } else {
      char[] chars = new char[length];
      int read = 0;
      while (read < length) {
        read += in.read(chars, read, length - read);
      }
      body.append(chars);
    }
    return status.split(" ")[1] + " " + body;
  }

  /**
   * Presents the workload certificate whatever CAs the server names, as a rogue or misconfigured
   * peer would: the JDK's own choice would send none for an untrusted one, and the server's
   * certificate check would never run.
   */
  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;

    AlwaysPresent(X509ExtendedKeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "workload";
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "workload";
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"workload"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return keys.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
