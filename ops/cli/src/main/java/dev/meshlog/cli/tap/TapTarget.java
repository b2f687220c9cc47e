package dev.meshlog.cli.tap;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The workload a tap watches: {@code NAME}, {@code deploy/NAME}, {@code deployment/NAME} or
 * {@code workload/NAME} (the prefixes are accepted so {@code linkerd viz tap} habits work; a Meshlog
 * workload is one proxy, named by its proxy id). Without {@code -n} it matches that name in any namespace.
 */
public record TapTarget(String workload, Optional<String> namespace) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
  private static final String ACCEPTED = "NAME, deploy/NAME, deployment/NAME or workload/NAME";

  /** The target named on the command line, or a one-line reason naming what is accepted. */
  public static TapTarget parse(String text, String namespace) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("WORKLOAD: missing; expected " + ACCEPTED);
    }
    String name = text.trim();
    int slash = name.indexOf('/');
    if (slash >= 0) {
      String kind = name.substring(0, slash);
      if (!kind.equals("deploy") && !kind.equals("deployment") && !kind.equals("workload")) {
        throw new IllegalArgumentException("WORKLOAD: '" + text + "': a tap watches one workload (" + ACCEPTED
            + "); for a service's traffic tap its workloads and use --authority");
      }
      name = name.substring(slash + 1);
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("WORKLOAD: '" + text + "' is not a workload name; expected " + ACCEPTED);
    }
    Optional<String> ns = Optional.ofNullable(namespace).map(String::trim);
    if (ns.isPresent() && !NAME.matcher(ns.get()).matches()) {
      throw new IllegalArgumentException("--namespace: '" + namespace + "' is not a namespace name");
    }
    return new TapTarget(name, ns);
  }

  /** Whether {@code peer} is this workload. */
  public boolean is(Peer peer) {
    return peer.workload().equals(workload) && namespace.map(peer.namespace()::equals).orElse(true);
  }

  /** As the tap's banner says it. */
  public String describe() {
    return "workload " + workload + namespace.map(n -> " in namespace " + n).orElse(" in any namespace");
  }
}
