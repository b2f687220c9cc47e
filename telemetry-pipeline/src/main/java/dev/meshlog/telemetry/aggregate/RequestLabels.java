package dev.meshlog.telemetry.aggregate;

import dev.meshlog.avro.RequestMetric;
import dev.meshlog.avro.RequestTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Istio's standard request labels, the identity of one aggregate. {@code routeName} is empty on
 * per-edge aggregates and set on per-route ones. {@link #key()} is the readable record key on the
 * repartition and metrics topics: the fields in declaration order joined by {@code |} (a {@code |} or
 * {@code %} inside a value is percent-escaped, so any value round-trips through {@link #parse}).
 */
public record RequestLabels(
    String reporter, String sourceWorkload, String sourceNamespace, String sourcePrincipal,
    String sourceApp, String sourceVersion, String destinationService, String destinationWorkload,
    String destinationNamespace, String destinationVersion, String destinationPrincipal,
    String destinationApp, String requestProtocol, int responseCode, String responseFlags,
    String connectionSecurityPolicy, String grpcResponseStatus, String routeName) {

  private static final int FIELDS = 18;

  /** Per edge: the route is not part of the identity. */
  public static RequestLabels edgeOf(RequestTelemetry t) {
    return of(t, "");
  }

  /** Per route: the edge's labels plus the route name. */
  public static RequestLabels routeOf(RequestTelemetry t) {
    return of(t, t.getRouteName());
  }

  private static RequestLabels of(RequestTelemetry t, String route) {
    return new RequestLabels(t.getReporter().name().toLowerCase(Locale.ROOT),
        t.getSourceWorkload(), t.getSourceNamespace(), t.getSourcePrincipal(), t.getSourceApp(),
        t.getSourceVersion(), t.getDestinationService(), t.getDestinationWorkload(),
        t.getDestinationNamespace(), t.getDestinationVersion(), t.getDestinationPrincipal(),
        t.getDestinationApp(), t.getRequestProtocol(), t.getResponseCode(), t.getResponseFlags(),
        t.getConnectionSecurityPolicy(), t.getGrpcResponseStatus(), route);
  }

  private static final String[] REPORTERS = java.util.Arrays.stream(dev.meshlog.avro.Reporter.values())
      .map(r -> r.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

  /**
   * {@code of(t, route).key()} without the intermediate record and list: this runs once or twice per
   * request in the pre-aggregation. {@code scratch} is reused between calls (one per processor).
   */
  public static String keyOf(RequestTelemetry t, String route, StringBuilder scratch) {
    scratch.setLength(0);
    scratch.append(REPORTERS[t.getReporter().ordinal()]);
    appendField(scratch, t.getSourceWorkload());
    appendField(scratch, t.getSourceNamespace());
    appendField(scratch, t.getSourcePrincipal());
    appendField(scratch, t.getSourceApp());
    appendField(scratch, t.getSourceVersion());
    appendField(scratch, t.getDestinationService());
    appendField(scratch, t.getDestinationWorkload());
    appendField(scratch, t.getDestinationNamespace());
    appendField(scratch, t.getDestinationVersion());
    appendField(scratch, t.getDestinationPrincipal());
    appendField(scratch, t.getDestinationApp());
    appendField(scratch, t.getRequestProtocol());
    scratch.append('|').append(t.getResponseCode());
    appendField(scratch, t.getResponseFlags());
    appendField(scratch, t.getConnectionSecurityPolicy());
    appendField(scratch, t.getGrpcResponseStatus());
    appendField(scratch, route);
    return scratch.toString();
  }

  /** The per-route key from a per-edge key ({@code keyOf(t, "", ...)}): the route is the last field. */
  public static String withRoute(String edgeKey, String route) {
    return edgeKey.concat(escape(route));
  }

  private static void appendField(StringBuilder b, String value) {
    b.append('|').append(escape(value));
  }

  public String key() {
    StringBuilder b = new StringBuilder(256);
    for (String field : fields()) {
      if (b.length() > 0) {
        b.append('|');
      }
      b.append(escape(field));
    }
    return b.toString();
  }

  public static RequestLabels parse(String key) {
    String[] f = key.split("\\|", -1);
    if (f.length != FIELDS) {
      throw new IllegalArgumentException("not a request label key (" + f.length + " fields): " + key);
    }
    for (int i = 0; i < f.length; i++) {
      f[i] = unescape(f[i]);
    }
    return new RequestLabels(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11],
        f[12], Integer.parseInt(f[13]), f[14], f[15], f[16], f[17]);
  }

  /** Sets every label of the metric (not its window or sums). */
  public RequestMetric.Builder applyTo(RequestMetric.Builder b) {
    return b.setReporter(reporter).setSourceWorkload(sourceWorkload).setSourceNamespace(sourceNamespace)
        .setSourcePrincipal(sourcePrincipal).setSourceApp(sourceApp).setSourceVersion(sourceVersion)
        .setDestinationService(destinationService).setDestinationWorkload(destinationWorkload)
        .setDestinationNamespace(destinationNamespace).setDestinationVersion(destinationVersion)
        .setDestinationPrincipal(destinationPrincipal).setDestinationApp(destinationApp)
        .setRequestProtocol(requestProtocol).setResponseCode(responseCode).setResponseFlags(responseFlags)
        .setConnectionSecurityPolicy(connectionSecurityPolicy).setGrpcResponseStatus(grpcResponseStatus)
        .setRouteName(routeName);
  }

  public static RequestLabels of(RequestMetric m) {
    return new RequestLabels(m.getReporter(), m.getSourceWorkload(), m.getSourceNamespace(),
        m.getSourcePrincipal(), m.getSourceApp(), m.getSourceVersion(), m.getDestinationService(),
        m.getDestinationWorkload(), m.getDestinationNamespace(), m.getDestinationVersion(),
        m.getDestinationPrincipal(), m.getDestinationApp(), m.getRequestProtocol(), m.getResponseCode(),
        m.getResponseFlags(), m.getConnectionSecurityPolicy(), m.getGrpcResponseStatus(), m.getRouteName());
  }

  private List<String> fields() {
    List<String> f = new ArrayList<>(FIELDS);
    f.add(reporter); f.add(sourceWorkload); f.add(sourceNamespace); f.add(sourcePrincipal);
    f.add(sourceApp); f.add(sourceVersion); f.add(destinationService); f.add(destinationWorkload);
    f.add(destinationNamespace); f.add(destinationVersion); f.add(destinationPrincipal);
    f.add(destinationApp); f.add(requestProtocol); f.add(Integer.toString(responseCode));
    f.add(responseFlags); f.add(connectionSecurityPolicy); f.add(grpcResponseStatus); f.add(routeName);
    return f;
  }

  private static String escape(String s) {
    if (s.indexOf('|') < 0 && s.indexOf('%') < 0) {
      return s;
    }
    return s.replace("%", "%25").replace("|", "%7C");
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    return s.replace("%7C", "|").replace("%25", "%");
  }
}
