package dev.meshlog.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.avro.CredentialKind;
import org.junit.jupiter.api.Test;

/** Which credential kind a certificate request carries: the first one the token's, every renewal the certificate. */
class CredentialKindTest {

  @Test
  void shouldSendABootstrapTokenFirstByDefault() {
    assertEquals(CredentialKind.BOOTSTRAP_TOKEN, CertificateClient.credentialKind(false, WorkloadIdentityConfig.withToken("v1.a.b")));
  }

  @Test
  void shouldSendAServiceAccountTokenAsKubernetesToken() {
    WorkloadIdentityConfig config = WorkloadIdentityConfig.withToken("jwt").withKubernetesToken().withServiceAccount("reviews");
    assertEquals(CredentialKind.KUBERNETES_TOKEN, CertificateClient.credentialKind(false, config));
    assertEquals(true, config.kubernetesToken(), "kept through the other withers");
  }

  @Test
  void shouldProveRenewalsWithTheCertificateWhateverTheToken() {
    assertEquals(CredentialKind.CERTIFICATE, CertificateClient.credentialKind(true, WorkloadIdentityConfig.withToken("jwt").withKubernetesToken()));
  }

  @Test
  void shouldNeverPrintTheToken() {
    String text = WorkloadIdentityConfig.withToken("secret-jwt").withKubernetesToken().toString();
    assertEquals(false, text.contains("secret-jwt"), text);
  }
}
