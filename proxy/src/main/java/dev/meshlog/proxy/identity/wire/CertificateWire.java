package dev.meshlog.proxy.identity.wire;

import dev.meshlog.avro.BootstrapCredential;
import dev.meshlog.avro.CertificateRequest;
import dev.meshlog.avro.CredentialKind;
import dev.meshlog.avro.Envelope;
import dev.meshlog.avro.Source;
import dev.meshlog.avro.WorkloadCertificate;
import dev.meshlog.proxy.identity.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The CA topics' records to and from the proxy's own types. */
public final class CertificateWire {

  public static final String REQUESTED = "CertificateRequested";

  private CertificateWire() {}

  /** A request keyed and attributed to the proxy itself, as the signer expects. */
  public static CertificateRequest request(String requestId, String proxyId, URI identity, String csrPem,
      CredentialKind kind, String credential, Instant now) {
    Envelope envelope = Envelope.newBuilder()
        .setId(requestId)
        .setType(REQUESTED)
        .setSubject(proxyId)
        .setActor(proxyId)
        .setSource(Source.PROXY)
        .setTime(now)
        .build();
    return CertificateRequest.newBuilder()
        .setEnvelope(envelope)
        .setProxyId(proxyId)
        .setIdentity(identity.toString())
        .setCsrPem(csrPem)
        .setCredential(BootstrapCredential.newBuilder().setKind(kind).setValue(credential).build())
        .build();
  }

  /**
   * The published chain, decoded. The record's own serial, identity and dates are not trusted:
   * everything the proxy acts on is read from the certificates themselves.
   *
   * @param key the record key (the proxy the chain was issued to)
   * @throws IllegalArgumentException if the chain is empty or a PEM does not decode
   */
  public static IssuedCertificate toDomain(String key, WorkloadCertificate wire) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (CharSequence pem : wire.getChainPem()) {
        chain.add((X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(pem.toString().getBytes(StandardCharsets.US_ASCII))));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("undecodable certificate in the chain: " + e.getMessage(), e);
    }
    return new IssuedCertificate(key, chain);
  }
}
