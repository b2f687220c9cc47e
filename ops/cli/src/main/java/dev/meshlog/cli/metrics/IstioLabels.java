package dev.meshlog.cli.metrics;

import dev.meshlog.avro.ConnectionMetric;
import dev.meshlog.avro.RequestMetric;
import java.util.List;

/**
 * Istio's standard metric labels, in Istio's order, for one series. TCP series carry
 * {@code request_protocol="tcp"} and no response code or gRPC status, as Istio's tcp_* metrics do.
 */
public record IstioLabels(List<String> names, List<String> values) {

  static final List<String> REQUEST_NAMES = List.of("reporter", "source_workload", "source_workload_namespace",
      "source_principal", "source_app", "source_version", "destination_workload", "destination_workload_namespace",
      "destination_principal", "destination_app", "destination_version", "destination_service",
      "destination_service_name", "destination_service_namespace", "request_protocol", "response_code",
      "grpc_response_status", "response_flags", "connection_security_policy");

  static final List<String> TCP_NAMES = REQUEST_NAMES.stream()
      .filter(n -> !n.equals("response_code") && !n.equals("grpc_response_status"))
      .toList();

  public IstioLabels {
    names = List.copyOf(names);
    values = List.copyOf(values);
    if (names.size() != values.size()) {
      throw new IllegalArgumentException("labels: " + names.size() + " names but " + values.size() + " values");
    }
  }

  public static IstioLabels of(RequestMetric m) {
    ServiceName service = ServiceName.of(m.getDestinationService(), m.getDestinationNamespace());
    return new IstioLabels(REQUEST_NAMES, List.of(m.getReporter(), m.getSourceWorkload(), m.getSourceNamespace(),
        m.getSourcePrincipal(), m.getSourceApp(), m.getSourceVersion(), m.getDestinationWorkload(),
        m.getDestinationNamespace(), m.getDestinationPrincipal(), m.getDestinationApp(), m.getDestinationVersion(),
        m.getDestinationService(), service.name(), service.namespace(), m.getRequestProtocol(),
        Integer.toString(m.getResponseCode()), m.getGrpcResponseStatus(), m.getResponseFlags(),
        m.getConnectionSecurityPolicy()));
  }

  public static IstioLabels of(ConnectionMetric m) {
    ServiceName service = ServiceName.of(m.getDestinationService(), m.getDestinationNamespace());
    return new IstioLabels(TCP_NAMES, List.of(m.getReporter(), m.getSourceWorkload(), m.getSourceNamespace(),
        m.getSourcePrincipal(), m.getSourceApp(), m.getSourceVersion(), m.getDestinationWorkload(),
        m.getDestinationNamespace(), m.getDestinationPrincipal(), m.getDestinationApp(), m.getDestinationVersion(),
        m.getDestinationService(), service.name(), service.namespace(), "tcp", m.getResponseFlags(),
        m.getConnectionSecurityPolicy()));
  }

  public String get(String name) {
    int i = names.indexOf(name);
    return i < 0 ? "" : values.get(i);
  }
}
