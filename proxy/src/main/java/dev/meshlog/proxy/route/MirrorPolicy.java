package dev.meshlog.proxy.route;

import java.util.Objects;

/**
 * Istio's {@code mirror}: a copy of a share of a rule's requests also goes to {@code cluster}, fire
 * and forget. The copy's response is dropped and never delays or changes the real one.
 */
public record MirrorPolicy(String cluster, Percentage share) {

  public static final MirrorPolicy NONE = new MirrorPolicy("", Percentage.NEVER);

  public MirrorPolicy {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(share, "share");
  }

  public boolean isNone() {
    return cluster.isEmpty() || share.perMillion() == 0;
  }
}
