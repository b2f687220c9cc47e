package dev.meshlog.cli.inject;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every injected pod gets that the pod itself does not say: the sidecar image and how the
 * sidecar reaches the mesh's Kafka. Shared by {@code meshlog inject} and {@code meshlog webhook}, so
 * both write the same pod.
 *
 * @param image the image of the sidecar and of the init container (it must hold {@code iptables})
 * @param bootstrap Kafka bootstrap servers as seen from inside the cluster
 * @param kafkaSecret on a secured cluster: the Secret (in each injected pod's namespace, as Secrets are namespaced)
 *     whose key {@value #KAFKA_CONFIG_KEY} is the sidecar's Kafka login, read as {@code --kafka-config}
 */
public record InjectionSettings(String image, String bootstrap, Optional<String> kafkaSecret) {

  /** The key of the Secret the sidecar's properties file comes from, as in ops/k8s/kafka-config.yaml. */
  public static final String KAFKA_CONFIG_KEY = "client.properties";
  /** A Secret's name: a DNS-1123 subdomain. */
  private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public static final String DEFAULT_IMAGE = "meshlog/meshlog:0.1.0";
  /** The bootstrap Service of a Strimzi cluster named {@code meshlog} in namespace {@code meshlog}. */
  public static final String DEFAULT_BOOTSTRAP = "meshlog-kafka-bootstrap.meshlog.svc:9092";

  public InjectionSettings {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("--image must not be blank");
    }
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("--bootstrap must not be blank");
    }
    Objects.requireNonNull(kafkaSecret, "kafkaSecret");
    kafkaSecret.ifPresent(name -> {
      if (name.length() > 253 || !SECRET_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("--kafka-secret: '" + name + "' is not a Secret name (lower-case letters, digits, "
            + "'-' and '.', at most 253)");
      }
    });
  }

  /** No Kafka login: a plain-text cluster. */
  public InjectionSettings(String image, String bootstrap) {
    this(image, bootstrap, Optional.empty());
  }

  public static InjectionSettings defaults() {
    return new InjectionSettings(DEFAULT_IMAGE, DEFAULT_BOOTSTRAP);
  }
}
