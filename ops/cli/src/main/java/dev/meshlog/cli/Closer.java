package dev.meshlog.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what was started, newest first, once; a failing close does not stop the others. */
public final class Closer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Closer.class);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  public synchronized <T extends AutoCloseable> T register(T resource) {
    started.push(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("closing {} failed", resource, e);
      }
    }
  }
}
