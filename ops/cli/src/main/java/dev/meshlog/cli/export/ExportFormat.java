package dev.meshlog.cli.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code meshlog export} puts in a line's {@code value}: the decoded record, or its bytes. */
public enum ExportFormat {
  /** The value decoded with its writer schema and written in Avro's JSON encoding. */
  JSON,
  /** The value's single-object bytes (C3 01, fingerprint, body), base64. */
  AVRO;

  /** The format named by {@code --format}, or a one-line reason naming the option. */
  public static ExportFormat parse(String text) {
    return Arrays.stream(values())
        .filter(f -> f.name().equalsIgnoreCase(text == null ? "" : text.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--format: expected one of "
            + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
            + ", got '" + text + "'"));
  }
}
