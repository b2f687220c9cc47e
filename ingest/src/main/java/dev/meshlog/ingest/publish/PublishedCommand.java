package dev.meshlog.ingest.publish;

/**
 * Where a command landed on the commands topic; {@code commandId} is its envelope id, which the
 * engine's status and events carry as their causation id.
 */
public record PublishedCommand(String subject, String commandId, int partition, long offset) {}
