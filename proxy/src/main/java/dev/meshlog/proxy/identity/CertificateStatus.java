package dev.meshlog.proxy.identity;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the admin endpoint shows of the workload certificate ({@code /certs}) and its counters
 * ({@code /stats}). Written by the certificate client's thread, read by the admin's: every field is
 * an atomic, and the certificate state is one immutable value swapped whole.
 */
public final class CertificateStatus {

  /** The installed certificate, the next planned request, and the last failure. */
  public record State(URI identity, Optional<IssuedCertificate> current, Optional<Instant> nextRenewal,
      Optional<String> lastError) {}

  private final AtomicReference<State> state;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong installed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public CertificateStatus(URI identity) {
    state = new AtomicReference<>(new State(identity, Optional.empty(), Optional.empty(), Optional.empty()));
  }

  public State state() {
    return state.get();
  }

  /** Certificate requests published. */
  public long requests() {
    return requests.get();
  }

  /** Chains installed (first issuance and renewals). */
  public long certificatesInstalled() {
    return installed.get();
  }

  /** Requests that got no usable certificate in time, could not be sent, or could not be installed. */
  public long renewalFailures() {
    return failures.get();
  }

  void requested(Instant nextAttempt) {
    requests.incrementAndGet();
    state.updateAndGet(s -> new State(s.identity(), s.current(), Optional.of(nextAttempt), s.lastError()));
  }

  void installed(IssuedCertificate certificate, Instant renewAt) {
    installed.incrementAndGet();
    state.updateAndGet(s -> new State(s.identity(), Optional.of(certificate), Optional.of(renewAt), Optional.empty()));
  }

  void failed(String reason) {
    failures.incrementAndGet();
    state.updateAndGet(s -> new State(s.identity(), s.current(), s.nextRenewal(), Optional.of(reason)));
  }
}
