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
   * Resolves a short host exactly like Istio ({@code ResolveShortnameToFQDN}): a name without a dot
   * is a service in the resource's namespace, {@code reviews} in ns is
   * {@code reviews.ns.svc.cluster.local}. A name with a dot is taken as written, so
   * {@code httpbin.org} can name a ServiceEntry host; {@code reviews.other} therefore is not the
   * service in namespace other (the analyzer warns that no service has that name).
   */
  public static String resolve(String host, String namespace) {
    if (host.contains(".") || !isDnsLabel(host) || !isDnsLabel(namespace)) {
      return host;
    }
    return host + "." + namespace + ".svc." + CLUSTER_DOMAIN;
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
