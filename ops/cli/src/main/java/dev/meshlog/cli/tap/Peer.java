package dev.meshlog.cli.tap;

/** One end of a tapped request, with Istio's labels; "unknown" where the reporter did not know. */
public record Peer(String workload, String namespace, String app, String version, String principal) {

  static final String UNKNOWN = "unknown";

  /** {@code namespace/workload}, or "unknown" when the workload is (a request that never reached an endpoint). */
  public String label() {
    if (workload.isEmpty() || workload.equals(UNKNOWN)) {
      return UNKNOWN;
    }
    return namespace + "/" + workload;
  }
}
