package dev.meshlog.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshlog.proxy.admin.ExpositionFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Reads a running sidecar's admin pages over a real socket. */
final class AdminPages {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminPages() {}

  static String get(Sidecar sidecar, String path) throws IOException, InterruptedException {
    return get(sidecar.adminPort(), path);
  }

  static String get(int adminPort, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .timeout(Duration.ofSeconds(30)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The {@code /clusters} entry of the named cluster. */
  static JsonNode cluster(Sidecar sidecar, String name) throws IOException, InterruptedException {
    for (JsonNode cluster : JSON.readTree(get(sidecar, "/clusters")).get("clusters")) {
      if (cluster.get("name").asText().equals(name)) {
        return cluster;
      }
    }
    throw new AssertionError("no cluster " + name + " on /clusters");
  }

  /** The {@code /clusters} entry of the endpoint at 127.0.0.1:{@code port} in the named cluster. */
  static JsonNode endpoint(Sidecar sidecar, String cluster, int port) throws IOException, InterruptedException {
    for (JsonNode endpoint : cluster(sidecar, cluster).get("endpoints")) {
      if (endpoint.get("address").asText().equals("127.0.0.1:" + port)) {
        return endpoint;
      }
    }
    throw new AssertionError("no endpoint :" + port + " in " + cluster);
  }

  /** {@code /stats}, parsed (and so checked) as Prometheus text: sample name with labels -> value. */
  static Map<String, Double> stats(Sidecar sidecar) throws IOException, InterruptedException {
    return ExpositionFormat.parse(get(sidecar, "/stats"));
  }

  /** A per-cluster stat's value, 0 when absent. */
  static double stat(Sidecar sidecar, String name, String cluster) throws IOException, InterruptedException {
    return stats(sidecar).getOrDefault("meshlog_proxy_" + name + "{cluster=\"" + cluster + "\"}", 0.0);
  }
}
