package dev.meshlog.engine.snapshot;

/** A snapshot that a proxy would have to NACK, caught where it is built. */
public final class InvalidSnapshotException extends RuntimeException {

  public InvalidSnapshotException(String message) {
    super(message);
  }
}
