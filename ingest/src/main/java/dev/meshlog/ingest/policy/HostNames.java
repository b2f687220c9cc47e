package dev.meshlog.ingest.policy;

import java.util.regex.Pattern;

/**
 * Service host names. Specs carry fully qualified hosts ({@code reviews.default.svc.cluster.local});
 * documents may use Istio's short forms, resolved in the resource's namespace.
 */
public final class HostNames {

  public static final String CLUSTER_DOMAIN = "cluster.local";

  private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  private static final Pattern DNS_LABEL = Pattern.compile(LABEL);
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern QUALIFIED = Pattern.compile(LABEL + "\\." + LABEL + "\\.svc\\." + Pattern.quote(CLUSTER_DOMAIN));

  private HostNames() {}

  /**
   * Resolves a short host like Istio does, with the cluster's service domain: {@code reviews} in
   * namespace ns is {@code reviews.ns.svc.cluster.local}; {@code reviews.other} and
   * {@code reviews.other.svc} are completed the same way (Istio itself would leave these two as
   * they are, but they can only mean a service here). Anything else is returned unchanged for the
   * rules to judge, so their error quotes what the user wrote.
   */
  public static String resolve(String host, String namespace) {
    String[] labels = host.split("\\.", -1);
    for (String label : labels) {
      if (!isDnsLabel(label)) {
        return host;
      }
    }
    return switch (labels.length) {
      case 1 -> isDnsLabel(namespace) ? host + "." + namespace + ".svc." + CLUSTER_DOMAIN : host;
      case 2 -> host + ".svc." + CLUSTER_DOMAIN;
      case 3 -> labels[2].equals("svc") ? host + "." + CLUSTER_DOMAIN : host;
      default -> host;
    };
  }

  /** {@code <service>.<namespace>.svc.cluster.local}, lower case, each part a DNS-1123 label. */
  public static boolean isQualified(String host) {
    return QUALIFIED.matcher(host).matches();
  }

  /** A DNS-1123 label: namespaces, subset names. */
  public static boolean isDnsLabel(String value) {
    return DNS_LABEL.matcher(value).matches();
  }

  /** A DNS-1123 subdomain: resource names. */
  public static boolean isDnsSubdomain(String value) {
    return value.length() <= 253 && DNS_SUBDOMAIN.matcher(value).matches();
  }
}
