package dev.meshlog.engine.ca;

import java.util.Objects;

/** The outcome of {@link MeshCa#rotateRoot}: the CA that signs from now on, and the root it replaced. */
public record RootRotation(SigningCa ca, PreviousRoot previous) {

  public RootRotation {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(previous, "previous");
  }
}
