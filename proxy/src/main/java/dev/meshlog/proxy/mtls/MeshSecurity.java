package dev.meshlog.proxy.mtls;

import java.util.Objects;

/** The mTLS part of a snapshot: whom to trust and what inbound connections must be. */
public record MeshSecurity(TrustBundle trust, InboundMtlsPolicy inbound) {

  public static final MeshSecurity DEFAULT = new MeshSecurity(TrustBundle.EMPTY, InboundMtlsPolicy.DEFAULT);

  public MeshSecurity {
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(inbound, "inbound");
  }
}
