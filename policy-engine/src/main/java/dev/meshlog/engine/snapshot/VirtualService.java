package dev.meshlog.engine.snapshot;

import dev.meshlog.avro.HeadersSpec;
import dev.meshlog.avro.HttpDirectResponse;
import dev.meshlog.avro.HttpFaultSpec;
import dev.meshlog.avro.HttpMatchRequest;
import dev.meshlog.avro.HttpRedirect;
import dev.meshlog.avro.HttpRetrySpec;
import dev.meshlog.avro.HttpRewrite;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An accepted VirtualService (mesh gateway): for requests to {@code hosts}, its HTTP routes in order
 * and its TCP routes. The Istio sub-records that travel unchanged into the snapshot (matches, header
 * operations, redirect, ...) are kept as the wire types, deep-copied with sorted maps at the edge.
 */
public record VirtualService(String subject, String namespace, long created, List<String> hosts, List<HttpRoute> http,
    List<TcpRoute> tcp) implements MeshResource, Ordered {

  public VirtualService {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(namespace, "namespace");
    hosts = List.copyOf(hosts);
    http = List.copyOf(http);
    tcp = List.copyOf(tcp);
  }

  public VirtualService withCreated(long sequence) {
    return new VirtualService(subject, namespace, sequence, hosts, http, tcp);
  }

  /** An Istio HTTPRoute. */
  public record HttpRoute(Optional<String> name, List<HttpMatchRequest> match, List<Destination> destinations,
      Optional<HttpRedirect> redirect, Optional<HttpRewrite> rewrite, Optional<HttpDirectResponse> directResponse,
      Optional<HeadersSpec> headers, Optional<Long> timeoutMs, Optional<HttpRetrySpec> retries, Optional<HttpFaultSpec> fault,
      Optional<Destination> mirror, Optional<Double> mirrorPercentage) {
    public HttpRoute {
      Objects.requireNonNull(name, "name");
      match = List.copyOf(match);
      destinations = List.copyOf(destinations);
      Objects.requireNonNull(redirect, "redirect");
      Objects.requireNonNull(rewrite, "rewrite");
      Objects.requireNonNull(directResponse, "directResponse");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(timeoutMs, "timeoutMs");
      Objects.requireNonNull(retries, "retries");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(mirror, "mirror");
      Objects.requireNonNull(mirrorPercentage, "mirrorPercentage");
    }

    /** Only destinations: what the 90/10 examples need. */
    public static HttpRoute to(List<Destination> destinations) {
      return new HttpRoute(Optional.empty(), List.of(), destinations, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /** An Istio TCPRoute: L4 matches, weighted destinations. */
  public record TcpRoute(List<L4Match> match, List<Destination> destinations) {
    public TcpRoute {
      match = List.copyOf(match);
      destinations = List.copyOf(destinations);
    }
  }

  /** Istio L4MatchAttributes. */
  public record L4Match(Optional<Integer> port, SortedMap<String, String> sourceLabels, Optional<String> sourceNamespace) {
    public L4Match {
      Objects.requireNonNull(port, "port");
      sourceLabels = Collections.unmodifiableSortedMap(new TreeMap<>(sourceLabels));
      Objects.requireNonNull(sourceNamespace, "sourceNamespace");
    }
  }

  /** One destination: a host, optionally a subset and a port, its weight and header operations. */
  public record Destination(String host, Optional<String> subset, Optional<Integer> port, int weight, Optional<HeadersSpec> headers) {
    public Destination {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(subset, "subset");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(headers, "headers");
    }
  }
}
