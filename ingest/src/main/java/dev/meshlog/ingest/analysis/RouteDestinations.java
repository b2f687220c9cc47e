package dev.meshlog.ingest.analysis;

import dev.meshlog.avro.Destination;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.TcpRouteSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every destination a VirtualService sends traffic to (routes, mirrors, TCP routes), with its YAML path. */
final class RouteDestinations {

  /**
   * One destination.
   *
   * @param path the destination object, e.g. {@code spec.http[0].route[1].destination} or {@code spec.http[0].mirror}
   */
  record Ref(String host, Optional<String> subset, String path) {

    String hostPath() {
      return path + ".host";
    }

    String subsetPath() {
      return path + ".subset";
    }
  }

  private RouteDestinations() {}

  static List<Ref> of(VirtualServiceSpec spec) {
    List<Ref> refs = new ArrayList<>();
    List<HttpRouteSpec> http = spec.getHttp();
    for (int i = 0; i < http.size(); i++) {
      HttpRouteSpec route = http.get(i);
      addWeighted(refs, route.getRoute(), "spec.http[" + i + "]");
      Destination mirror = route.getMirror();
      if (mirror != null) {
        refs.add(new Ref(mirror.getHost(), Optional.ofNullable(mirror.getSubset()), "spec.http[" + i + "].mirror"));
      }
    }
    List<TcpRouteSpec> tcp = spec.getTcp();
    for (int i = 0; i < tcp.size(); i++) {
      addWeighted(refs, tcp.get(i).getRoute(), "spec.tcp[" + i + "]");
    }
    return refs;
  }

  private static void addWeighted(List<Ref> refs, List<WeightedDestination> destinations, String rulePath) {
    for (int j = 0; j < destinations.size(); j++) {
      WeightedDestination d = destinations.get(j);
      refs.add(new Ref(d.getHost(), Optional.ofNullable(d.getSubset()), rulePath + ".route[" + j + "].destination"));
    }
  }
}
