package dev.meshlog.telemetry.query;

/**
 * The window stores cannot be queried right now: the pipeline is rebalancing, restoring its stores
 * from the changelogs, not started yet or stopped. Usually transient; the message says which state.
 */
public final class StoresUnavailableException extends RuntimeException {

  public StoresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
