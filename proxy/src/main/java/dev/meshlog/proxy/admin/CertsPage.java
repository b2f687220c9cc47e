package dev.meshlog.proxy.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshlog.proxy.admin.PrometheusText.Type;
import dev.meshlog.proxy.identity.CertificateStatus;
import dev.meshlog.proxy.identity.IssuedCertificate;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /certs}: the workload certificate in use, like Envoy's {@code /certs} (its chain with
 * serial, SANs, validity and days until expiration), plus when it will be renewed and why the last
 * request failed. Public material only: the private key is never shown.
 */
final class CertsPage {

  private CertsPage() {}

  static ObjectNode render(AdminView view) {
    ObjectNode page = JsonNodeFactory.instance.objectNode();
    page.put("proxyId", view.proxyId());
    ArrayNode certificates = page.putArray("certificates");
    if (view.certificates().isEmpty()) {
      page.put("identity", "");
      return page;
    }
    CertificateStatus status = view.certificates().get();
    CertificateStatus.State state = status.state();
    Instant now = Instant.now();
    page.put("identity", state.identity().toString());
    state.current().ifPresent(current -> {
      page.put("serial_number", current.serial());
      page.put("valid_from", current.notBefore().toString());
      page.put("expiration_time", current.notAfter().toString());
      ArrayNode chain = certificates.addObject().putArray("cert_chain");
      for (X509Certificate certificate : current.chain()) {
        describe(chain.addObject(), certificate, now);
      }
      ArrayNode sans = ((ObjectNode) chain.get(0)).putArray("subject_alt_names");
      for (URI uri : current.uriSans()) {
        sans.addObject().put("uri", uri.toString());
      }
    });
    page.put("next_renewal", state.nextRenewal().map(Instant::toString).orElse(""));
    page.put("last_error", state.lastError().orElse(""));
    page.put("requests", status.requests());
    page.put("certificates_installed", status.certificatesInstalled());
    page.put("renewal_failures", status.renewalFailures());
    return page;
  }

  private static void describe(ObjectNode node, X509Certificate certificate, Instant now) {
    Instant notAfter = certificate.getNotAfter().toInstant();
    node.put("serial_number", certificate.getSerialNumber().toString(16));
    node.put("subject", certificate.getSubjectX500Principal().getName());
    node.put("issuer", certificate.getIssuerX500Principal().getName());
    node.put("valid_from", certificate.getNotBefore().toInstant().toString());
    node.put("expiration_time", notAfter.toString());
    node.put("days_until_expiration", Math.max(0, Duration.between(now, notAfter).toDays()));
  }

  /** The CA counters on {@code /stats} (Envoy-style {@code ca.*} names, in Prometheus form). */
  static void stats(CertificateStatus status, PrometheusText text) {
    text.family(StatsPage.PREFIX + "ca_requests_total", Type.COUNTER,
            "Certificate requests (CSRs) sent to the mesh CA.", status.requests())
        .family(StatsPage.PREFIX + "ca_certificates_installed_total", Type.COUNTER,
            "Workload certificates installed, first issuance and renewals.", status.certificatesInstalled())
        .family(StatsPage.PREFIX + "ca_renewal_failures_total", Type.COUNTER,
            "Certificate requests unanswered in time, unsendable, or whose chain could not be installed.",
            status.renewalFailures())
        .family(StatsPage.PREFIX + "ca_certificate_expiration_seconds", Type.GAUGE,
            "Seconds since the epoch at which the installed workload certificate expires, 0 with none.",
            status.state().current().map(IssuedCertificate::notAfter).map(Instant::getEpochSecond).orElse(0L));
  }
}
