package dev.meshlog.engine.ca;

import java.nio.file.Path;

/**
 * A CA file that is missing, unreadable, corrupt, or does not fit the others. The message always
 * starts with the file, so an operator reading one log line knows which file to fix and why; the
 * low-level cause (if any) is attached but never the only explanation.
 */
public final class CaFileException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String reason;

  public CaFileException(Path file, String reason) {
    this(file, reason, null);
  }

  public CaFileException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public String reason() {
    return reason;
  }
}
