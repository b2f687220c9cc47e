package dev.meshlog.proxy.authz;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** A rule's {@code from[].source}: every field present must hold (principals, namespaces, ipBlocks). */
public record SourceMatch(Clause<String> principals, Clause<String> namespaces, Clause<InetAddress> ipBlocks) {

  public SourceMatch {
    Objects.requireNonNull(principals, "principals");
    Objects.requireNonNull(namespaces, "namespaces");
    Objects.requireNonNull(ipBlocks, "ipBlocks");
  }

  /** @throws IllegalArgumentException for an ipBlock that is not an address or CIDR block */
  public static SourceMatch of(List<String> principals, List<String> notPrincipals, List<String> namespaces,
      List<String> notNamespaces, List<String> ipBlocks, List<String> notIpBlocks) {
    return new SourceMatch(new Clause<>(patterns(principals), patterns(notPrincipals)),
        new Clause<>(patterns(namespaces), patterns(notNamespaces)),
        new Clause<>(ips(ipBlocks), ips(notIpBlocks)));
  }

  public boolean test(RequestAttributes request) {
    return principals.test(request.principal()) && namespaces.test(request.namespace())
        && ipBlocks.test(request.sourceIp());
  }

  private static List<Predicate<String>> patterns(List<String> values) {
    return values.stream().<Predicate<String>>map(StringPattern::parse).toList();
  }

  private static List<Predicate<InetAddress>> ips(List<String> values) {
    return values.stream().<Predicate<InetAddress>>map(IpBlock::parse).toList();
  }
}
