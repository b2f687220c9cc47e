package dev.meshlog.engine.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The root a rotation replaced, and when workloads stop trusting it. Until then the trust bundle
 * holds both roots, so certificates issued under the old root keep validating while every
 * workload renews under the new one.
 */
public record PreviousRoot(X509Certificate root, Instant trustEnds) {

  public PreviousRoot {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(trustEnds, "trustEnds");
  }

  public boolean trustedAt(Instant now) {
    return now.isBefore(trustEnds);
  }

  /** The previous root of the CA in {@code files}, if a rotation ever happened there. */
  public static Optional<PreviousRoot> read(CaDirectory files) {
    boolean hasRoot = Files.exists(files.previousRootCert());
    boolean hasEnd = Files.exists(files.previousRootTrustEnds());
    if (!hasRoot && !hasEnd) {
      return Optional.empty();
    }
    if (!hasEnd) {
      throw new CaFileException(files.previousRootTrustEnds(), "missing while " + CaDirectory.PREVIOUS_ROOT_CERT
          + " exists; write the instant its trust ends (ISO-8601) or delete both");
    }
    X509Certificate root = PemFiles.readCertificate(files.previousRootCert());
    try {
      String text = Files.readString(files.previousRootTrustEnds(), StandardCharsets.US_ASCII).strip();
      return Optional.of(new PreviousRoot(root, Instant.parse(text)));
    } catch (IOException e) {
      throw new CaFileException(files.previousRootTrustEnds(), "cannot read: " + e, e);
    } catch (DateTimeParseException e) {
      throw new CaFileException(files.previousRootTrustEnds(), "not an ISO-8601 instant: " + e.getMessage(), e);
    }
  }

  /** Writes the certificate first: a crash in between leaves a state {@link #read} reports, not a silent one. */
  void write(CaDirectory files) {
    SecureFiles.writeOwnerOnly(files.previousRootCert(), PemFiles.toPem(List.of(root)));
    SecureFiles.writeOwnerOnly(files.previousRootTrustEnds(), trustEnds + "\n");
  }
}
