package dev.meshlog.cli.jobs;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a long-running command: it runs until SIGTERM (the JVM's shutdown hook, which is what
 * Kubernetes sends before killing a pod) or {@link #stop()}, then closes what it started before the
 * JVM exits. The hook waits for the close, so Streams commits and releases its state directory lock.
 */
public final class UntilStopped {

  private static final Logger log = LoggerFactory.getLogger(UntilStopped.class);
  /** Below Kubernetes' default 30 s grace period, so the pod is not killed mid-close. */
  private static final long CLOSE_WAIT_SECONDS = 25;

  private final String name;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile String failure;

  public UntilStopped(String name) {
    this.name = name;
  }

  /** Blocks until stopped, then closes {@code resources}; returns once closed. */
  public void await(AutoCloseable resources) throws InterruptedException {
    Thread hook = new Thread(() -> {
      stop();
      try {
        closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "meshlog-" + name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopRequested.await();
      log.info("meshlog {} stopping", name);
    } finally {
      try {
        resources.close();
      } catch (Exception e) {
        log.warn("closing meshlog {} failed", name, e);
      }
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is what stopped us
      }
    }
  }

  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Stops because the job no longer works (a Streams client failed): the command then exits with status 1, so that
   * its supervisor (Kubernetes, systemd) restarts it instead of keeping a process that only looks alive.
   */
  public void fail(String reason) {
    failure = reason;
    log.error("meshlog {} failed: {}", name, reason);
    stopRequested.countDown();
  }

  /** After {@link #await}: 0 when stopped, 1 when failed, saying why on {@code err}. */
  public int exitStatus(PrintWriter err) {
    String reason = failure;
    if (reason == null) {
      return 0;
    }
    err.println("meshlog " + name + ": " + reason + "; exiting with status 1 so that its supervisor restarts it");
    err.flush();
    return 1;
  }

  public boolean isStopped() {
    return closed.getCount() == 0;
  }
}
