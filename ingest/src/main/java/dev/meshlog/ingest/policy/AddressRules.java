package dev.meshlog.ingest.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP addresses and CIDR blocks, parsed as literals only: nothing here may trigger a DNS lookup,
 * since validation runs in the engine's sequencer too.
 */
final class AddressRules {

  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private AddressRules() {}

  static boolean isIp(String value) {
    return isIpv4(value) || isIpv6(value);
  }

  /** An address or {@code address/prefix}, IPv4 or IPv6. */
  static boolean isIpOrCidr(String value) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      return isIp(value);
    }
    String address = value.substring(0, slash);
    String prefix = value.substring(slash + 1);
    if (!prefix.matches("\\d{1,3}")) {
      return false;
    }
    int bits = Integer.parseInt(prefix);
    return isIpv4(address) ? bits <= 32 : isIpv6(address) && bits <= 128;
  }

  private static boolean isIpv4(String value) {
    return IPV4.matcher(value).matches();
  }

  private static boolean isIpv6(String value) {
    if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      // Brackets make the JDK expect an IPv6 literal: it throws instead of resolving a name.
      InetAddress.getByName("[" + value + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
