package dev.meshlog.proxy.route;

/**
 * Where one request goes: forwarded to an endpoint, or answered locally with an error and an
 * Envoy-style response flag. A value, never null, so "no route" cannot be forgotten.
 */
public sealed interface Dispatch permits Dispatch.Forward, Dispatch.Fail {

  /** The fully qualified service the request was meant for (the requested host when unrouted). */
  String destinationService();

  /** The route that decided, empty when none matched. */
  String routeName();

  record Forward(Endpoint endpoint, Cluster cluster, String routeName) implements Dispatch {
    @Override
    public String destinationService() {
      return cluster.host();
    }
  }

  record Fail(int status, String responseFlag, String destinationService, String routeName) implements Dispatch {

    /** No route for the host: Envoy's NR. */
    public static Fail noRoute(String host) {
      return new Fail(404, "NR", host, "");
    }

    /** The picked cluster has no healthy endpoint: Envoy's UH. */
    public static Fail noHealthyUpstream(Cluster cluster, String routeName) {
      return new Fail(503, "UH", cluster.host(), routeName);
    }
  }
}
