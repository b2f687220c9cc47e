package dev.meshlog.ingest.policy.wire;

import dev.meshlog.avro.DestinationRuleSpec;
import dev.meshlog.avro.HttpRouteSpec;
import dev.meshlog.avro.PolicyCommand;
import dev.meshlog.avro.PolicyEvent;
import dev.meshlog.avro.SubsetSpec;
import dev.meshlog.avro.VirtualServiceSpec;
import dev.meshlog.avro.WeightedDestination;
import dev.meshlog.ingest.policy.model.Destination;
import dev.meshlog.ingest.policy.model.DestinationRule;
import dev.meshlog.ingest.policy.model.HttpRoute;
import dev.meshlog.ingest.policy.model.PolicyResource;
import dev.meshlog.ingest.policy.model.PolicySpec;
import dev.meshlog.ingest.policy.model.Subset;
import dev.meshlog.ingest.policy.model.VirtualService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between the Avro policy types and the policy model. Avro-to-model is total: a record
 * built in Java may carry nulls where the schema forbids them (only decoding enforces the schema),
 * and those become empty values for the rules to report, never a NullPointerException in the
 * sequencer.
 */
public final class PolicyWire {

  private PolicyWire() {}

  public static PolicyResource toResource(PolicyCommand command) {
    return new PolicyResource(text(command.getApiVersion()), text(command.getKind()), text(command.getNamespace()),
        text(command.getName()), fromAvroSpec(command.getSpec()));
  }

  public static PolicyResource toResource(PolicyEvent event) {
    return new PolicyResource(text(event.getApiVersion()), text(event.getKind()), text(event.getNamespace()),
        text(event.getName()), fromAvroSpec(event.getSpec()));
  }

  /** The model of the value of a {@code spec} union field; empty for null or an unknown type. */
  public static Optional<PolicySpec> fromAvroSpec(Object spec) {
    if (spec instanceof VirtualServiceSpec vs) {
      return Optional.of(new VirtualService(texts(vs.getHosts()), list(vs.getHttp()).stream().map(PolicyWire::route).toList()));
    }
    if (spec instanceof DestinationRuleSpec dr) {
      return Optional.of(new DestinationRule(text(dr.getHost()), list(dr.getSubsets()).stream().map(PolicyWire::subset).toList()));
    }
    return Optional.empty();
  }

  /** The Avro value for a {@code spec} union field: a VirtualServiceSpec or a DestinationRuleSpec. */
  public static Object toAvroSpec(PolicySpec spec) {
    if (spec instanceof VirtualService vs) {
      return VirtualServiceSpec.newBuilder()
          .setHosts(vs.hosts())
          .setHttp(vs.http().stream().map(PolicyWire::avroRoute).toList())
          .build();
    }
    DestinationRule dr = (DestinationRule) spec;
    return DestinationRuleSpec.newBuilder()
        .setHost(dr.host())
        .setSubsets(dr.subsets().stream()
            .map(s -> SubsetSpec.newBuilder().setName(s.name()).setLabels(new HashMap<>(s.labels())).build())
            .toList())
        .build();
  }

  private static HttpRoute route(HttpRouteSpec route) {
    if (route == null) {
      return new HttpRoute(Optional.empty(), List.of());
    }
    return new HttpRoute(Optional.ofNullable(route.getName()), list(route.getRoute()).stream().map(PolicyWire::destination).toList());
  }

  private static Destination destination(WeightedDestination d) {
    if (d == null) {
      return new Destination("", Optional.empty(), Optional.empty(), Optional.empty());
    }
    return new Destination(text(d.getHost()), Optional.ofNullable(d.getSubset()), Optional.ofNullable(d.getPort()),
        Optional.of(d.getWeight()));
  }

  private static Subset subset(SubsetSpec s) {
    if (s == null) {
      return new Subset("", Map.of());
    }
    Map<String, String> labels = new HashMap<>();
    if (s.getLabels() != null) {
      s.getLabels().forEach((k, v) -> labels.put(text(k), text(v)));
    }
    return new Subset(text(s.getName()), labels);
  }

  private static HttpRouteSpec avroRoute(HttpRoute route) {
    return HttpRouteSpec.newBuilder()
        .setName(route.name().orElse(null))
        .setRoute(route.route().stream()
            .map(d -> WeightedDestination.newBuilder()
                .setHost(d.host())
                .setSubset(d.subset().orElse(null))
                .setPort(d.port().orElse(null))
                .setWeight(d.effectiveWeight())
                .build())
            .toList())
        .build();
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private static List<String> texts(List<String> values) {
    return list(values).stream().map(PolicyWire::text).toList();
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
