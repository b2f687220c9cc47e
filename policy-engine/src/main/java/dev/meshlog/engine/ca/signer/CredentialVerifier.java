package dev.meshlog.engine.ca.signer;

import dev.meshlog.engine.ca.SpiffeId;
import java.time.Instant;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Checks that one kind of bootstrap credential proves the identity a request asks for. Called only
 * once the identity and the CSR have passed their own checks, so a single-use credential is never
 * spent on a request that would be refused anyway.
 *
 * <p>The Kubernetes integration (TokenReview of a service-account token) plugs in here through
 * {@link CaConfig#withKubernetesVerifier}.
 */
@FunctionalInterface
public interface CredentialVerifier {

  Verdict verify(SpiffeId identity, PKCS10CertificationRequest csr, String credential, Instant now);
}
