package dev.meshlog.proxy;

import dev.meshlog.proxy.listener.tls.ListenerCertificate;
import dev.meshlog.schemas.KafkaClientSettings;
import dev.meshlog.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sidecar is and where it listens.
 *
 * @param proxyId unique id: the snapshot key and the registered workload name
 * @param service short name of the service the workload serves
 * @param labels workload labels; {@code app=<service>} is added when missing, {@code version}
 *     labels the endpoint for subsets and telemetry
 * @param bindAddress the address both listeners bind
 * @param inboundPort the inbound listener's port: 0 = no inbound listener (a client-only sidecar,
 *     registered with port 0, so not an endpoint); {@link #ANY_PORT} = a free port, registered as bound
 * @param appPort the local app's port on 127.0.0.1, where inbound requests go
 * @param outboundPort the outbound listener's port (the app's proxy); 0 = a free port
 * @param bootstrap Kafka bootstrap servers
 * @param topics the topic registry, possibly prefixed
 * @param adminPort the admin endpoint's port on 127.0.0.1 ({@code /ready}, {@code /config_dump},
 *     {@code /stats}, {@code /clusters}): 0 = a free port, {@link #ADMIN_DISABLED} = no admin endpoint
 * @param inboundTls the inbound listener's certificate: TLS with ALPN (h2, http/1.1) when present,
 *     plaintext (HTTP/1.1 or h2c) when empty
 * @param tcpBindAddress where the TCP listeners bind, one per tcp route at the route's port (like an
 *     Istio Sidecar egress listener's {@code bind}); null or blank = {@code bindAddress}. Sidecars
 *     sharing a host take different loopback addresses (127.0.0.2, ...) so their ports do not clash
 * @param kafkaClient connection and security settings (the proxy's own SASL login, TLS) for every Kafka client it creates
 */
public record SidecarConfig(
    String proxyId,
    String service,
    String namespace,
    Map<String, String> labels,
    String bindAddress,
    int inboundPort,
    int appPort,
    int outboundPort,
    String bootstrap,
    Topics topics,
    int adminPort,
    Optional<ListenerCertificate> inboundTls,
    String tcpBindAddress,
    KafkaClientSettings kafkaClient) {

  /** As {@code inboundPort}: bind any free port (0 already means "no inbound listener"). */
  public static final int ANY_PORT = -1;

  /** As {@code adminPort}: no admin endpoint. */
  public static final int ADMIN_DISABLED = -1;

  /** A sidecar with its admin endpoint on a free loopback port. */
  public SidecarConfig(String proxyId, String service, String namespace, Map<String, String> labels, String bindAddress,
      int inboundPort, int appPort, int outboundPort, String bootstrap, Topics topics) {
    this(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort, bootstrap, topics, 0);
  }

  /** A sidecar whose inbound listener is plaintext and whose TCP listeners bind {@code bindAddress}. */
  public SidecarConfig(String proxyId, String service, String namespace, Map<String, String> labels, String bindAddress,
      int inboundPort, int appPort, int outboundPort, String bootstrap, Topics topics, int adminPort) {
    this(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort, bootstrap, topics, adminPort,
        Optional.empty(), null);
  }

  /** Without Kafka client settings: a cluster that needs no login (the embedded broker). */
  public SidecarConfig(String proxyId, String service, String namespace, Map<String, String> labels, String bindAddress,
      int inboundPort, int appPort, int outboundPort, String bootstrap, Topics topics, int adminPort,
      Optional<ListenerCertificate> inboundTls, String tcpBindAddress) {
    this(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort, bootstrap, topics, adminPort,
        inboundTls, tcpBindAddress, KafkaClientSettings.NONE);
  }

  public SidecarConfig {
    requireText(proxyId, "proxyId");
    requireText(service, "service");
    requireText(namespace, "namespace");
    requireText(bindAddress, "bindAddress");
    tcpBindAddress = tcpBindAddress == null || tcpBindAddress.isBlank() ? bindAddress : tcpBindAddress;
    requireText(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(inboundTls, "inboundTls");
    Objects.requireNonNull(kafkaClient, "kafkaClient");
    labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
    if (inboundPort < ANY_PORT || inboundPort > 65_535) {
      throw new IllegalArgumentException("inboundPort must be -1 (any), 0 (none) or a port, got " + inboundPort);
    }
    if (outboundPort < 0 || outboundPort > 65_535) {
      throw new IllegalArgumentException("outboundPort must be 0 (any) or a port, got " + outboundPort);
    }
    if (adminPort < ADMIN_DISABLED || adminPort > 65_535) {
      throw new IllegalArgumentException("adminPort must be -1 (disabled), 0 (any) or a port, got " + adminPort);
    }
    if (hasInbound(inboundPort) && (appPort <= 0 || appPort > 65_535)) {
      throw new IllegalArgumentException("appPort must be a port when there is an inbound listener, got " + appPort);
    }
  }

  public boolean hasAdmin() {
    return adminPort != ADMIN_DISABLED;
  }

  /** This config with the admin endpoint on {@code port} (0 = any, {@link #ADMIN_DISABLED} = none). */
  public SidecarConfig withAdminPort(int port) {
    return new SidecarConfig(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort,
        bootstrap, topics, port, inboundTls, tcpBindAddress, kafkaClient);
  }

  /** This config with a TLS inbound listener (ALPN h2 and http/1.1) using these PEM files. */
  public SidecarConfig withTls(Path certChainPem, Path keyPem) {
    return new SidecarConfig(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort,
        bootstrap, topics, adminPort, Optional.of(new ListenerCertificate(certChainPem, keyPem)), tcpBindAddress, kafkaClient);
  }

  /** This config with the TCP listeners on {@code address}. */
  public SidecarConfig withTcpBindAddress(String address) {
    return new SidecarConfig(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort,
        bootstrap, topics, adminPort, inboundTls, address, kafkaClient);
  }

  /** This config with the proxy's own Kafka login (a {@code --kafka-config} file). */
  public SidecarConfig withKafkaClient(KafkaClientSettings settings) {
    return new SidecarConfig(proxyId, service, namespace, labels, bindAddress, inboundPort, appPort, outboundPort,
        bootstrap, topics, adminPort, inboundTls, tcpBindAddress, settings);
  }

  public boolean hasInbound() {
    return hasInbound(inboundPort);
  }

  private static boolean hasInbound(int inboundPort) {
    return inboundPort != 0;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
