package dev.meshlog.proxy.mtls;

/** PeerAuthentication's mode, as Istio spells it; {@link #UNSET} inherits (and at the top means PERMISSIVE). */
public enum MtlsMode {
  UNSET, DISABLE, PERMISSIVE, STRICT
}
