package dev.meshlog.cli.inject;

import dev.meshlog.engine.ca.CaDirectory;
import dev.meshlog.engine.ca.MeshCa;
import dev.meshlog.engine.ca.SigningCa;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code meshlog webhook}: the sidecar-injecting mutating admission webhook, until interrupted. */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = {
    "Serve the mutating admission webhook that injects the meshlog sidecar into new pods (POST /inject, HTTPS).",
    "TLS from --tls-cert/--tls-key, or a certificate issued at start by the mesh CA in --ca-dir."})
public final class WebhookCommand implements Callable<Integer> {

  static final String PASSPHRASE_ENV = "MESHLOG_CA_PASSPHRASE";
  static final String PASSPHRASE_FILE = "ca-passphrase";

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "15017", description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks one).")
  int port;

  @Option(names = "--address", defaultValue = "0.0.0.0", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String address;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Tls tls;

  static final class Tls {
    @ArgGroup(exclusive = false)
    PemPair files;

    @Option(names = "--ca-dir", paramLabel = "DIR",
        description = "The mesh CA's directory (as `meshlog up` keeps it in <data-dir>/ca); its key unlocks with "
            + "$MESHLOG_CA_PASSPHRASE or <DIR>/../ca-passphrase.")
    Path caDir;
  }

  static final class PemPair {
    @Option(names = "--tls-cert", required = true, paramLabel = "FILE", description = "Serving certificate chain (PEM).")
    Path cert;

    @Option(names = "--tls-key", required = true, paramLabel = "FILE", description = "Its unencrypted private key (PEM).")
    Path key;
  }

  @Option(names = "--service", defaultValue = "meshlog-webhook", description = "The webhook Service's name, for the DNS SANs (default: ${DEFAULT-VALUE}).")
  String service;

  @Option(names = "--namespace", description = "The webhook's namespace, for the DNS SANs (default: $POD_NAMESPACE, else meshlog).")
  String namespace;

  @Option(names = "--image", defaultValue = InjectionSettings.DEFAULT_IMAGE, description = "Sidecar and init image (default: ${DEFAULT-VALUE}).")
  String image;

  @Option(names = "--bootstrap", defaultValue = InjectionSettings.DEFAULT_BOOTSTRAP,
      description = "Kafka bootstrap servers as pods see them (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--kafka-secret", paramLabel = "NAME",
      description = "On a secured cluster: the Secret, in each injected pod's namespace, whose key client.properties is the "
          + "sidecar's Kafka login (mounted read-only, read as --kafka-config); default: none (plain text).")
  String kafkaSecret;

  @Override
  public Integer call() throws Exception {
    InjectionSettings settings;
    try {
      settings = new InjectionSettings(image, bootstrap, java.util.Optional.ofNullable(kafkaSecret));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ServingCertificate certificate = certificate(System.getenv());
    WebhookStats stats = new WebhookStats();
    AdmissionPatcher patcher = new AdmissionPatcher(new SidecarInjector(settings), stats);
    WebhookServer server = WebhookServer.start(address, port, certificate, patcher, stats);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "webhook-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("webhook ready: https://%s:%d/inject (%s)%n", address, server.port(), certificate);
    out.printf("caBundle (clientConfig.caBundle of the MutatingWebhookConfiguration):%n%s%n", certificate.caBundle());
    out.flush();
    stopped.await();
    return 0;
  }

  /** The serving certificate: from the files, or issued now by the mesh CA (load only: the engine owns it). */
  ServingCertificate certificate(Map<String, String> env) {
    if (tls.files != null) {
      try {
        return ServingCertificate.fromPem(tls.files.cert, tls.files.key);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    SigningCa ca = MeshCa.load(new CaDirectory(tls.caDir), passphrase(tls.caDir, env), Instant.now());
    return ServingCertificateIssuer.issue(ca, service, namespace(env), Instant.now());
  }

  private String namespace(Map<String, String> env) {
    if (namespace != null && !namespace.isBlank()) {
      return namespace;
    }
    String fromPod = env.get("POD_NAMESPACE");
    return fromPod != null && !fromPod.isBlank() ? fromPod : "meshlog";
  }

  private char[] passphrase(Path caDir, Map<String, String> env) {
    String fromEnv = env.get(PASSPHRASE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    Path file = caDir.toAbsolutePath().getParent().resolve(PASSPHRASE_FILE);
    try {
      String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (stored.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--ca-dir " + caDir + ": " + file + " is empty");
      }
      return stored.toCharArray();
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--ca-dir " + caDir + ": no CA passphrase: set " + PASSPHRASE_ENV
          + " or provide " + file);
    }
  }
}
