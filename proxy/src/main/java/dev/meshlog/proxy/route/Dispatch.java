package dev.meshlog.proxy.route;

import dev.meshlog.proxy.balance.ActiveRequests;
import java.util.Objects;

/**
 * Where one request goes: forwarded to an endpoint, answered locally by a rule (redirect, direct
 * response), or answered locally with an error and an Envoy-style response flag. A value, never
 * null, so "no route" cannot be forgotten.
 */
public sealed interface Dispatch permits Dispatch.Forward, Dispatch.Reply, Dispatch.Fail {

  /** The fully qualified service the request was meant for (the requested host when unrouted). */
  String destinationService();

  /** The route that decided, empty when none matched. */
  String routeName();

  /**
   * @param edits what the rule changes on the request and its response for this destination
   * @param rewrittenPart the path prefix a uri rewrite replaces, from the match entry that matched
   */
  /**
   * @param active the picked endpoint's in-flight counter (least-request balancing reads it): the
   *     listener counts the request in when it forwards and out when the exchange ends
   */
  record Forward(Endpoint endpoint, Cluster cluster, String routeName, UpstreamEdits edits, String rewrittenPart,
      ActiveRequests active) implements Dispatch {

    public Forward {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(cluster, "cluster");
      edits = Objects.requireNonNullElse(edits, UpstreamEdits.NONE);
      rewrittenPart = Objects.requireNonNullElse(rewrittenPart, "/");
      active = active == null ? new ActiveRequests() : active;
    }

    public Forward(Endpoint endpoint, Cluster cluster, String routeName, UpstreamEdits edits, String rewrittenPart) {
      this(endpoint, cluster, routeName, edits, rewrittenPart, null);
    }

    /** Forwards the request unchanged. */
    public Forward(Endpoint endpoint, Cluster cluster, String routeName) {
      this(endpoint, cluster, routeName, UpstreamEdits.NONE, "/", null);
    }

    @Override
    public String destinationService() {
      return cluster.host();
    }
  }

  /**
   * A rule's own answer, which is not a failure (Envoy sets no response flag for it).
   *
   * @param body plain text, empty for none
   * @param location the Location header of a redirect, empty for a direct response
   * @param responseHeaders the rule's response header operations
   */
  record Reply(int status, String body, String location, HeaderOperations responseHeaders, String destinationService,
      String routeName) implements Dispatch {

    public Reply {
      body = Objects.requireNonNullElse(body, "");
      location = Objects.requireNonNullElse(location, "");
      responseHeaders = Objects.requireNonNullElse(responseHeaders, HeaderOperations.NONE);
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
