package dev.meshlog.proxy.telemetry;

/**
 * What the outbound side knows when a request ends; the emitter adds the reporter's identity and
 * turns it into the wire record on its own thread, so the event loop allocates no Avro objects.
 *
 * @param responseFlags Envoy-style flags, "-" when none
 * @param responseCode the status sent to the client, 0 when none was
 */
public record RequestOutcome(
    long timeMillis,
    String destinationService,
    String destinationWorkload,
    String destinationNamespace,
    String destinationVersion,
    String routeName,
    int responseCode,
    String responseFlags,
    long durationMicros,
    long requestBytes,
    long responseBytes) {}
