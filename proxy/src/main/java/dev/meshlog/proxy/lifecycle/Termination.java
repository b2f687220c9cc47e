package dev.meshlog.proxy.lifecycle;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sidecar's shutdown, in the order Kubernetes and Istio give a terminating pod: first the workload leaves the
 * mesh (REMOVED), then the listeners keep serving for the termination drain while peers' snapshots drop this
 * endpoint (Istio's {@code terminationDrainDuration}), then the config freezes and the listeners stop accepting,
 * then requests in flight finish, and only then are connections, loops and producers released. Closing the
 * listeners first would refuse the requests peers still route here; releasing first would cut those in flight.
 */
public final class Termination {

  private static final Logger log = LoggerFactory.getLogger(Termination.class);

  /** What a sidecar does at each step; each is called once, in the order of the methods here. */
  public interface Steps {

    /** Publishes the workload's REMOVED, so the control plane takes this endpoint out of peers' snapshots. */
    void deregister();

    /** Stops following snapshots: the last applied config serves the rest of the shutdown. */
    void stopFollowingSnapshots();

    /** Stops accepting connections; open ones keep relaying. */
    void closeListeners();

    /** Waits until no request is in flight; false if {@code timeout} passed first. */
    boolean awaitIdle(Duration timeout);

    /** Closes connections, event loops and producers. */
    void release();
  }

  /** Waits out the drain; the sidecar's is the calling thread sleeping, a test's records the duration. */
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final String proxyId;
  private final Duration drain;
  private final Duration inFlightTimeout;
  private final Pause pause;

  /**
   * @param drain how long the listeners keep serving after deregistration; zero for none (a sidecar no peer routes to)
   * @param inFlightTimeout how long requests in flight may take to finish once the listeners are closed
   */
  public Termination(String proxyId, Duration drain, Duration inFlightTimeout, Pause pause) {
    this.proxyId = Objects.requireNonNull(proxyId, "proxyId");
    this.drain = Objects.requireNonNull(drain, "drain");
    this.inFlightTimeout = Objects.requireNonNull(inFlightTimeout, "inFlightTimeout");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  /** The real thing: the drain is the calling thread sleeping (close() runs on the caller's thread, never a loop). */
  public static Termination sleeping(String proxyId, Duration drain, Duration inFlightTimeout) {
    return new Termination(proxyId, drain, inFlightTimeout, d -> Thread.sleep(d.toMillis()));
  }

  /** Runs every step; a failing deregistration is logged and the shutdown goes on (the drain still protects peers). */
  public void run(Steps steps) {
    boolean deregistered = true;
    try {
      steps.deregister();
    } catch (RuntimeException e) {
      deregistered = false;
      log.warn("[proxy={}] could not deregister: {}", proxyId, e.getMessage());
    }
    if (!drain.isZero()) {
      log.info("[proxy={}] {}; serving for a {} drain before closing the listeners", proxyId,
          deregistered ? "deregistered" : "not deregistered", drain);
      try {
        pause.pause(drain);
      } catch (InterruptedException e) {
        // Asked to stop now: skip the rest of the drain, still close in order.
        Thread.currentThread().interrupt();
        log.warn("[proxy={}] drain interrupted; closing now", proxyId);
      }
    }
    steps.stopFollowingSnapshots();
    steps.closeListeners();
    if (!steps.awaitIdle(inFlightTimeout)) {
      log.warn("[proxy={}] requests still in flight after {}; closing them", proxyId, inFlightTimeout);
    }
    steps.release();
  }
}
