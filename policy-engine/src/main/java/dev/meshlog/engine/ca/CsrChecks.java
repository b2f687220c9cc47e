package dev.meshlog.engine.ca;

import dev.meshlog.engine.ca.CsrRejectedException.Reason;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What a CSR must prove before it is signed: proof of possession (its self-signature verifies with
 * its own public key), a key strong enough for the mesh, and no request for an identity other than
 * the one being issued. Nothing else of the CSR (subject, other requested extensions such as
 * CA:true) is ever copied into a certificate, so it needs no checking.
 */
public final class CsrChecks {

  private CsrChecks() {}

  /**
   * The CSR's public key, once every check has passed. Public so the signer job can refuse a bad
   * CSR before it spends a single-use credential on it.
   *
   * @throws CsrRejectedException with the reason otherwise
   */
  public static SubjectPublicKeyInfo check(PKCS10CertificationRequest csr, SpiffeId identity) {
    verifySignature(csr);
    requireStrongKey(csr.getSubjectPublicKeyInfo());
    requireOnlyIdentity(csr, identity);
    return csr.getSubjectPublicKeyInfo();
  }

  private static void verifySignature(PKCS10CertificationRequest csr) {
    boolean valid;
    try {
      valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .setProvider(CaCrypto.BC).build(csr.getSubjectPublicKeyInfo()));
    } catch (Exception e) { // BC wraps every decoding problem differently; all mean "not provably signed"
      throw new CsrRejectedException(Reason.BAD_SIGNATURE, "CSR signature cannot be verified: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new CsrRejectedException(Reason.BAD_SIGNATURE, "CSR signature does not verify with its public key");
    }
  }

  /** EC P-256 or larger, or RSA 2048 or larger: what the mesh's TLS stacks accept and NIST still allows. */
  private static void requireStrongKey(SubjectPublicKeyInfo keyInfo) {
    PublicKey key;
    try {
      key = new JcaPEMKeyConverter().setProvider(CaCrypto.BC).getPublicKey(keyInfo);
    } catch (Exception e) {
      throw new CsrRejectedException(Reason.MALFORMED, "CSR public key cannot be decoded: " + e.getMessage(), e);
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
      return;
    }
    if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() >= 256) {
      return;
    }
    throw new CsrRejectedException(Reason.WEAK_KEY,
        "CSR key must be EC P-256+ or RSA 2048+, got " + key.getAlgorithm());
  }

  /** Any SAN the CSR asks for must be exactly the one URI SAN we are about to issue. */
  private static void requireOnlyIdentity(PKCS10CertificationRequest csr, SpiffeId identity) {
    String expected = identity.toUri();
    for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable value : attribute.getAttrValues()) {
        GeneralNames names;
        try {
          names = GeneralNames.fromExtensions(Extensions.getInstance(value), Extension.subjectAlternativeName);
        } catch (RuntimeException e) {
          throw new CsrRejectedException(Reason.MALFORMED, "CSR extension request cannot be parsed", e);
        }
        if (names == null) {
          continue;
        }
        for (GeneralName name : names.getNames()) {
          String asked = name.getName().toString();
          if (name.getTagNo() != GeneralName.uniformResourceIdentifier || !expected.equals(asked)) {
            throw new CsrRejectedException(Reason.IDENTITY_MISMATCH,
                "CSR asks for SAN '" + asked + "' but the caller's identity is " + expected);
          }
        }
      }
    }
  }
}
