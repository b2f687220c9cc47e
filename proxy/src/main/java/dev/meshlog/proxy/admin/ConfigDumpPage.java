package dev.meshlog.proxy.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshlog.proxy.snapshot.AppliedConfig;

/**
 * {@code GET /config_dump}: the snapshot this sidecar routes by, as the control plane sent it, with
 * the applied version and hash and the last NACK, so "which config is this proxy running, and what
 * did it refuse" is one request (Envoy's {@code /config_dump} plus its last rejected update).
 */
final class ConfigDumpPage {

  private ConfigDumpPage() {}

  static ObjectNode render(AdminView view) {
    ObjectNode page = JsonNodeFactory.instance.objectNode();
    page.put("proxyId", view.proxyId());
    AppliedConfig applied = view.live().current();
    page.put("version", applied.version());
    page.put("hash", applied.hash());
    view.history().lastNack().ifPresentOrElse(nack -> {
      ObjectNode node = page.putObject("lastNack");
      node.put("version", nack.version());
      node.put("hash", nack.hash());
      node.put("error", nack.detail());
    }, () -> page.putNull("lastNack"));
    // The wire snapshot is recorded just after the swap: for an instant it may lag the version above.
    page.set("snapshot", view.history().lastApplied().map(AvroJson::toTree)
        .orElse(JsonNodeFactory.instance.nullNode()));
    return page;
  }
}
