package dev.meshlog.cli.tap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a tapped request prints, like {@code linkerd viz tap}: {@code req}, {@code rsp} and
 * {@code end} lines (TEXT, and WIDE with labels, principals and the reporting proxy), or one JSON
 * object per request. {@code :method} and {@code :path} are the request's ({@code -} from a sidecar that
 * did not report them); {@code :authority} is the destination service the route resolved. The record is one event per finished request, so the three lines of a request
 * print together when it ends; {@code latency} is the proxy's whole-request duration.
 */
public enum TapFormat {
  TEXT, WIDE, JSON;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The format named by {@code -o}: absent is TEXT; else wide or json, or a one-line reason. */
  public static TapFormat parse(String text) {
    if (text == null) {
      return TEXT;
    }
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "wide":
        return WIDE;
      case "json":
        return JSON;
      default:
        throw new IllegalArgumentException("--output: expected wide or json, got '" + text + "'");
    }
  }

  public List<String> render(TappedRequest r) {
    if (this == JSON) {
      return List.of(json(r));
    }
    String who = "id=" + r.id() + " proxy=" + r.direction() + " src=" + r.source().label() + " dst=" + r.destination().label()
        + " tls=" + r.tls();
    List<String> lines = new ArrayList<>(3);
    StringBuilder req = new StringBuilder("req ").append(who).append(" :method=").append(dash(r.method()))
        .append(" :authority=").append(dash(r.authority())).append(" :path=").append(dash(r.path()))
        .append(" route=").append(dash(r.route())).append(" protocol=").append(dash(r.protocol()));
    if (this == WIDE) {
      req.append(" src_app=").append(r.source().app()).append(" src_version=").append(r.source().version())
          .append(" src_principal=").append(r.source().principal())
          .append(" dst_app=").append(r.destination().app()).append(" dst_version=").append(r.destination().version())
          .append(" dst_principal=").append(r.destination().principal())
          .append(" reporter=").append(r.reporterProxy()).append(" time=").append(r.time())
          .append(" request-authority=").append(dash(r.requestAuthority())).append(" request-id=").append(dash(r.requestId()))
          .append(" request-length=").append(r.requestBytes()).append('B');
    }
    lines.add(req.toString());
    // A request the proxy answered with nothing (a reset) has no response head, like linkerd's.
    if (r.status() != 0) {
      lines.add("rsp " + who + " :status=" + r.status() + " latency=" + r.latencyMicros() + "µs");
    }
    StringBuilder end = new StringBuilder("end ").append(who);
    if (!r.grpcStatus().isEmpty()) {
      end.append(" grpc-status=").append(r.grpcStatus());
    }
    if (!r.responseFlags().isEmpty() && !r.responseFlags().equals("-")) {
      end.append(" response-flags=").append(r.responseFlags());
    }
    if (r.status() == 0) {
      end.append(" duration=").append(r.latencyMicros()).append("µs");
    }
    lines.add(end.append(" response-length=").append(r.responseBytes()).append('B').toString());
    return lines;
  }

  private static String json(TappedRequest r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", r.id());
    o.put("time", r.time().toString());
    o.put("proxyDirection", r.direction());
    o.put("reporterProxy", r.reporterProxy());
    o.set("source", peer(r.source()));
    ObjectNode dst = peer(r.destination());
    dst.put("service", r.authority());
    o.set("destination", dst);
    o.put("method", r.method());
    o.put("authority", r.authority());
    o.put("path", r.path());
    o.put("requestAuthority", r.requestAuthority());
    o.put("requestId", r.requestId());
    o.put("route", r.route());
    o.put("protocol", r.protocol());
    o.put("tls", r.tls());
    o.put("status", r.status());
    Optional.of(r.grpcStatus()).filter(s -> !s.isEmpty()).ifPresent(s -> o.put("grpcStatus", s));
    o.put("responseFlags", r.responseFlags());
    o.put("latencyMicros", r.latencyMicros());
    o.put("requestBytes", r.requestBytes());
    o.put("responseBytes", r.responseBytes());
    return o.toString();
  }

  private static ObjectNode peer(Peer p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("workload", p.workload());
    n.put("namespace", p.namespace());
    n.put("app", p.app());
    n.put("version", p.version());
    n.put("principal", p.principal());
    return n;
  }

  private static String dash(String value) {
    return value.isEmpty() ? "-" : value;
  }
}
