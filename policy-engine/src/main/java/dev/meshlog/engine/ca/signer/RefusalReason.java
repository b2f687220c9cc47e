package dev.meshlog.engine.ca.signer;

/**
 * Why the signer refused a request: the prefix of the audit record's reason and the key of the
 * refusal counter. Grouped by what failed: the identity, the CSR, or the credential.
 */
public enum RefusalReason {
  /** The identity asked for is not a SPIFFE id of the form spiffe://td/ns/x/sa/y. */
  BAD_IDENTITY,
  /** The identity belongs to another trust domain than this CA's. */
  WRONG_TRUST_DOMAIN,
  /** The CSR is not one PEM PKCS#10 request, or its key cannot be decoded. */
  CSR_MALFORMED,
  /** The CSR's self-signature does not verify (no proof of possession of its key). */
  CSR_BAD_SIGNATURE,
  /** The CSR asks for a SAN other than the identity asked for. */
  CSR_SAN_MISMATCH,
  /** The CSR's key is too weak or of an unsupported type. */
  CSR_WEAK_KEY,
  /** The certificate would outlive the signing CA or the TTL is out of bounds. */
  BAD_TTL,
  /** No credential, or a credential kind this signer does not know. */
  NO_CREDENTIAL,
  /** Bootstrap token: not a token of this mesh's format. */
  TOKEN_MALFORMED,
  /** Bootstrap token: its MAC does not verify (forged, altered, or another mesh's). */
  BAD_MAC,
  /** Bootstrap token: past its expiry. */
  EXPIRED,
  /** Bootstrap token: issued for another identity. */
  FOREIGN,
  /** Bootstrap token: already used once. */
  REPLAYED,
  /** Renewal: the credential is not a PEM chain followed by a signature line. */
  CERT_MALFORMED,
  /** Renewal: a certificate of the presented chain has expired (or is not valid yet). */
  CERT_EXPIRED,
  /** Renewal: the chain does not validate to the mesh's trust bundle. */
  CERT_UNTRUSTED,
  /** Renewal: the presented certificate is for another identity. */
  CERT_IDENTITY_MISMATCH,
  /** Renewal: the signature over the CSR does not verify with the presented certificate's key. */
  BAD_PROOF,
  /** Kubernetes token: the API server's TokenReview did not authenticate it (forged, expired, wrong audience). */
  TOKEN_REVIEW_DENIED,
  /** Kubernetes token: authentic, but for another service account than the identity asked for. */
  SERVICE_ACCOUNT_MISMATCH,
  /** Kubernetes token: the TokenReview could not be made (API server unreachable or erroring); retryable. */
  TOKEN_REVIEW_UNAVAILABLE,
  /** The credential kind needs an integration this signer does not have. */
  UNSUPPORTED,
  /** The signer failed on this request; see the error log. */
  INTERNAL
}
