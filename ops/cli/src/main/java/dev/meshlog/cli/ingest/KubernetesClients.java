package dev.meshlog.cli.ingest;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The fabric8 client for {@code --kubeconfig FILE}, else fabric8's auto-configuration (in-cluster, $KUBECONFIG, ~/.kube/config). */
final class KubernetesClients {

  private KubernetesClients() {}

  static KubernetesClient connect(Optional<Path> kubeconfig) {
    if (kubeconfig.isEmpty()) {
      return new KubernetesClientBuilder().build();
    }
    String text;
    try {
      text = Files.readString(kubeconfig.get(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--kubeconfig " + kubeconfig.get() + ": cannot read the file: " + e.getMessage(), e);
    }
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(text)).build();
  }
}
