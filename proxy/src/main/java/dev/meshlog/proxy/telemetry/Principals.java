package dev.meshlog.proxy.telemetry;

/** What telemetry reads out of a SPIFFE URI ({@code spiffe://td/ns/<namespace>/sa/<account>}). */
public final class Principals {

  private Principals() {}

  /** The namespace a mesh principal names, or "unknown" for anything else ("unknown" included). */
  public static String namespaceOf(String principal) {
    int at = principal.indexOf("/ns/");
    if (!principal.startsWith("spiffe://") || at < 0) {
      return RequestOutcome.UNKNOWN;
    }
    int end = principal.indexOf('/', at + 4);
    String ns = end < 0 ? principal.substring(at + 4) : principal.substring(at + 4, end);
    return ns.isEmpty() ? RequestOutcome.UNKNOWN : ns;
  }
}
