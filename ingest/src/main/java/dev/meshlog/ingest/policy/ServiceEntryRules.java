package dev.meshlog.ingest.policy;

import static dev.meshlog.ingest.policy.AvroValues.list;
import static dev.meshlog.ingest.policy.AvroValues.map;
import static dev.meshlog.ingest.policy.AvroValues.text;
import static dev.meshlog.ingest.policy.Problems.field;
import static dev.meshlog.ingest.policy.Problems.item;

import dev.meshlog.avro.ServiceEntryPort;
import dev.meshlog.avro.ServiceEntryResolution;
import dev.meshlog.avro.ServiceEntrySpec;
import dev.meshlog.avro.WorkloadEntrySpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules of a ServiceEntry spec, Istio's: hosts, ports, and endpoints that fit the resolution. */
final class ServiceEntryRules {

  static final List<String> PROTOCOLS = List.of("HTTP", "HTTPS", "HTTP2", "GRPC", "TCP", "TLS");

  private ServiceEntryRules() {}

  static void check(ServiceEntrySpec spec, Problems problems) {
    checkHosts(list(spec.getHosts()), problems);
    List<String> addresses = list(spec.getAddresses());
    for (int i = 0; i < addresses.size(); i++) {
      if (!AddressRules.isIpOrCidr(text(addresses.get(i)))) {
        problems.add(item("spec.addresses", i), "'" + addresses.get(i) + "' is not an IP address or CIDR block");
      }
    }
    Set<String> portNames = checkPorts(list(spec.getPorts()), problems);
    ServiceEntryResolution resolution = spec.getResolution();
    List<WorkloadEntrySpec> endpoints = list(spec.getEndpoints());
    if (resolution == null) {
      problems.add("spec.resolution", "is required");
    } else if (resolution == ServiceEntryResolution.STATIC && endpoints.isEmpty()) {
      problems.add("spec.endpoints", "resolution STATIC needs endpoints with IP addresses");
    } else if (resolution == ServiceEntryResolution.NONE && !endpoints.isEmpty()) {
      problems.add("spec.endpoints", "resolution NONE takes no endpoints: traffic goes to the address the client asked for");
    } else if (resolution == ServiceEntryResolution.DNS && endpoints.isEmpty()) {
      for (int i = 0; i < list(spec.getHosts()).size(); i++) {
        if (text(spec.getHosts().get(i)).startsWith("*")) {
          problems.add(item("spec.hosts", i), "a wildcard host cannot be resolved by DNS: add endpoints or use resolution NONE");
        }
      }
    }
    for (int i = 0; i < endpoints.size(); i++) {
      checkEndpoint(endpoints.get(i), resolution, portNames, item("spec.endpoints", i), problems);
    }
  }

  private static void checkHosts(List<String> hosts, Problems problems) {
    if (hosts.isEmpty()) {
      problems.add("spec.hosts", "at least one host is required");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String host = text(hosts.get(i));
      String path = item("spec.hosts", i);
      String name = host.startsWith("*.") ? host.substring(2) : host;
      if (!HostNames.isDnsSubdomain(name)) {
        problems.add(path, "'" + host + "' is not a host name: lower case DNS labels, optionally after a leading '*.'");
      } else {
        Integer first = seen.putIfAbsent(host, i);
        if (first != null) {
          problems.add(path, "duplicate host " + host + " (also " + item("spec.hosts", first) + ")");
        }
      }
    }
  }

  /** The declared port names, which endpoints' port maps refer to. */
  private static Set<String> checkPorts(List<ServiceEntryPort> ports, Problems problems) {
    if (ports.isEmpty()) {
      problems.add("spec.ports", "at least one port is required");
    }
    Set<Integer> numbers = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServiceEntryPort port = ports.get(i);
      String path = item("spec.ports", i);
      if (port == null) {
        problems.add(path, "is required");
        continue;
      }
      PolicyRules.checkPort(port.getNumber(), field(path, "number"), problems);
      if (!numbers.add(port.getNumber())) {
        problems.add(field(path, "number"), "duplicate port " + port.getNumber());
      }
      String protocol = text(port.getProtocol());
      if (!PROTOCOLS.contains(protocol)) {
        problems.add(field(path, "protocol"), protocol.isEmpty() ? "is required"
            : "protocol '" + protocol + "' is " + YamlFields.NOT_SUPPORTED + "; supported: " + String.join(", ", PROTOCOLS));
      }
      String name = text(port.getName());
      if (name.isEmpty()) {
        problems.add(field(path, "name"), "is required");
      } else if (!HostNames.isDnsLabel(name)) {
        problems.add(field(path, "name"), "'" + name + "' is not a valid port name (DNS-1123 label)");
      } else if (!names.add(name)) {
        problems.add(field(path, "name"), "duplicate port name " + name);
      }
      PolicyRules.checkPort(port.getTargetPort(), field(path, "targetPort"), problems);
    }
    return names;
  }

  private static void checkEndpoint(WorkloadEntrySpec endpoint, ServiceEntryResolution resolution, Set<String> portNames,
      String path, Problems problems) {
    if (endpoint == null) {
      problems.add(path, "is required");
      return;
    }
    String address = text(endpoint.getAddress());
    String addressPath = field(path, "address");
    if (address.isEmpty()) {
      problems.add(addressPath, "is required");
    } else if (resolution == ServiceEntryResolution.STATIC && !AddressRules.isIp(address)) {
      problems.add(addressPath, "'" + address + "' is not an IP address, which resolution STATIC needs");
    } else if (resolution == ServiceEntryResolution.DNS && (AddressRules.isIp(address) || !HostNames.isDnsSubdomain(address))) {
      problems.add(addressPath, "'" + address + "' is not a DNS name, which resolution DNS needs");
    }
    map(endpoint.getPorts()).forEach((name, number) -> {
      String portPath = field(field(path, "ports"), name);
      if (!portNames.contains(name)) {
        problems.add(portPath, "names no port of spec.ports");
      } else if (number == null || number < 1 || number > 65535) {
        problems.add(portPath, "must be between 1 and 65535 (was " + number + ")");
      }
    });
    LabelRules.check(endpoint.getLabels(), field(path, "labels"), problems);
    if (endpoint.getWeight() != null && endpoint.getWeight() < 0) {
      problems.add(field(path, "weight"), "must be >= 0 (was " + endpoint.getWeight() + ")");
    }
  }
}
