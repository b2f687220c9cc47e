package dev.meshlog.engine.ca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The file layout of a CA directory. It is Istio's {@code cacerts} layout, used for both the
 * plug-in CA and the mesh's own CA, so an operator can move between them (or inspect either) with
 * the same tools; the own CA adds {@code root-key.pem} and encrypts both keys.
 */
public record CaDirectory(Path path) {

  public static final String ROOT_CERT = "root-cert.pem";
  public static final String CA_CERT = "ca-cert.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String CERT_CHAIN = "cert-chain.pem";
  public static final String ROOT_KEY = "root-key.pem";
  /** After a root rotation: the old root, still trusted until the time in {@link #PREVIOUS_ROOT_TRUST_ENDS}. */
  public static final String PREVIOUS_ROOT_CERT = "previous-root-cert.pem";
  /** One ISO-8601 instant: when the overlap window of the last rotation ends. */
  public static final String PREVIOUS_ROOT_TRUST_ENDS = "previous-root-trust-ends";
  /** The HMAC key of bootstrap tokens (base64, rw-------). */
  public static final String TOKEN_KEY = "bootstrap-token-key";

  public CaDirectory {
    Objects.requireNonNull(path, "path");
  }

  public Path rootCert() {
    return path.resolve(ROOT_CERT);
  }

  public Path caCert() {
    return path.resolve(CA_CERT);
  }

  public Path caKey() {
    return path.resolve(CA_KEY);
  }

  public Path certChain() {
    return path.resolve(CERT_CHAIN);
  }

  public Path rootKey() {
    return path.resolve(ROOT_KEY);
  }

  public Path previousRootCert() {
    return path.resolve(PREVIOUS_ROOT_CERT);
  }

  public Path previousRootTrustEnds() {
    return path.resolve(PREVIOUS_ROOT_TRUST_ENDS);
  }

  public Path tokenKey() {
    return path.resolve(TOKEN_KEY);
  }

  /** The files the mesh's own CA writes, in the order it writes them (cert-chain last). */
  List<Path> ownCaFiles() {
    return List.of(rootKey(), rootCert(), caKey(), caCert(), certChain());
  }

  boolean holdsNoOwnCaFile() {
    return ownCaFiles().stream().noneMatch(Files::exists);
  }
}
