package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.SpiffeId;
import java.time.Instant;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** The Kubernetes credential until the Kubernetes integration provides a TokenReview verifier. */
final class KubernetesTokenUnsupported implements CredentialVerifier {

  static final KubernetesTokenUnsupported INSTANCE = new KubernetesTokenUnsupported();

  private KubernetesTokenUnsupported() {}

  @Override
  public Verdict verify(SpiffeId identity, PKCS10CertificationRequest csr, String credential, Instant now) {
    return new Refusal(RefusalReason.UNSUPPORTED, "Kubernetes service-account tokens need the Kubernetes integration");
  }
}
