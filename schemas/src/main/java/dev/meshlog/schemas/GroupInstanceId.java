package dev.meshlog.schemas;

import java.util.regex.Pattern;

/**
 * The rule for a static membership id ({@code group.instance.id}). Kafka accepts almost any string, but the id is
 * also a pod name, a log prefix and (with the thread index Streams appends) part of every group's member list, so it
 * is held to what a StatefulSet pod name and a Kafka resource name both allow. Here, beside {@link KafkaClientSettings},
 * because every Streams job (engine, pipeline) and the CLI that starts them check ids by this one rule.
 */
public final class GroupInstanceId {

  public static final int MAX_LENGTH = 200;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]+");

  private GroupInstanceId() {}

  /** Returns {@code id}, or throws {@link IllegalArgumentException} saying what is wrong with it. */
  public static String check(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("instance id must not be empty");
    }
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("instance id must be at most " + MAX_LENGTH + " characters, got " + id.length());
    }
    if (!ALLOWED.matcher(id).matches()) {
      throw new IllegalArgumentException("instance id may only contain letters, digits, '.', '_' and '-', got '" + id + "'");
    }
    return id;
  }
}
