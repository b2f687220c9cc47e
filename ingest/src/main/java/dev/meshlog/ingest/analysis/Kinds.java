package dev.meshlog.ingest.analysis;

/** Resource kinds as Istio spells them, and the namespace whose policies apply mesh-wide. */
final class Kinds {

  static final String VIRTUAL_SERVICE = "VirtualService";
  static final String DESTINATION_RULE = "DestinationRule";
  static final String SERVICE_ENTRY = "ServiceEntry";
  static final String PEER_AUTHENTICATION = "PeerAuthentication";
  static final String AUTHORIZATION_POLICY = "AuthorizationPolicy";
  static final String SIDECAR = "Sidecar";
  static final String ROOT_NAMESPACE = "istio-system";

  private Kinds() {}
}
