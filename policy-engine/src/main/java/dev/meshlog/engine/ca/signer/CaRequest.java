package dev.meshlog.engine.ca.signer;

/**
 * A certificate request as the signer judges it, converted from the Avro record at the edge.
 * {@code identity} is the URI as written: it is validated by the decision, not here, so a
 * malformed one is still audited verbatim.
 */
record CaRequest(String requestId, String proxyId, String identity, String csrPem, Kind kind, String credential) {

  /** The bootstrap credential kinds; {@code NONE} when the request names none we know. */
  enum Kind { BOOTSTRAP_TOKEN, KUBERNETES_TOKEN, CERTIFICATE, NONE }
}
