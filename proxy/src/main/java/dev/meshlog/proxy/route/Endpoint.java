package dev.meshlog.proxy.route;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream instance: the destination sidecar's inbound address, already resolved (a lookup on
 * an event loop would block it), and the workload behind it.
 *
 * @param identity the SPIFFE URI the workload presents under mTLS (the server check of the client
 *     side), "" for an endpoint outside the mesh
 */
public record Endpoint(InetSocketAddress socketAddress, String workload, Map<String, String> labels, int weight,
    String identity) {

  public static final String UNKNOWN = "unknown";

  public Endpoint {
    Objects.requireNonNull(socketAddress, "socketAddress");
    workload = workload == null || workload.isBlank() ? UNKNOWN : workload;
    labels = Map.copyOf(labels);
    if (weight < 1) {
      throw new IllegalArgumentException("endpoint " + socketAddress + " has weight " + weight + "; weights start at 1");
    }
    identity = identity == null ? "" : identity;
  }

  /** An endpoint without a mesh identity. */
  public Endpoint(InetSocketAddress socketAddress, String workload, Map<String, String> labels, int weight) {
    this(socketAddress, workload, labels, weight, "");
  }

  /** An endpoint of weight 1. */
  public Endpoint(InetSocketAddress socketAddress, String workload, Map<String, String> labels) {
    this(socketAddress, workload, labels, 1);
  }

  /** Resolves {@code host}; call it off the event loop (the snapshot thread does). */
  public static Endpoint resolve(String host, int port, String workload, Map<String, String> labels) {
    return resolve(host, port, workload, labels, 1);
  }

  /** Resolves {@code host}; call it off the event loop (the snapshot thread does). */
  public static Endpoint resolve(String host, int port, String workload, Map<String, String> labels, int weight) {
    return new Endpoint(new InetSocketAddress(host, port), workload, labels, weight, "");
  }

  /** Resolves {@code host}; call it off the event loop (the snapshot thread does). */
  public static Endpoint resolve(String host, int port, String workload, Map<String, String> labels, int weight,
      String identity) {
    return new Endpoint(new InetSocketAddress(host, port), workload, labels, weight, identity);
  }

  /** Envoy's ring-hash key for a host: {@code ip:port}. */
  public String ringKey() {
    return socketAddress.getHostString() + ":" + socketAddress.getPort();
  }

  /** The {@code version} label, as telemetry reports it. */
  public String version() {
    return labels.getOrDefault("version", UNKNOWN);
  }
}
