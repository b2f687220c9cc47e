package dev.meshlog.cli.inject;

/** Input {@code meshlog inject} cannot inject; the message names the document, the field and the reason. */
public final class InjectException extends RuntimeException {

  public InjectException(String message) {
    super(message);
  }
}
