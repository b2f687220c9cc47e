package dev.meshlog.cli.inject;

/**
 * What every injected pod gets that the pod itself does not say: the sidecar image and how the
 * sidecar reaches the mesh's Kafka. Shared by {@code meshlog inject} and {@code meshlog webhook}, so
 * both write the same pod.
 *
 * @param image the image of the sidecar and of the init container (it must hold {@code iptables})
 * @param bootstrap Kafka bootstrap servers as seen from inside the cluster
 */
public record InjectionSettings(String image, String bootstrap) {

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
  }

  public static InjectionSettings defaults() {
    return new InjectionSettings(DEFAULT_IMAGE, DEFAULT_BOOTSTRAP);
  }
}
