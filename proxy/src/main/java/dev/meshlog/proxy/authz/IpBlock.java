package dev.meshlog.proxy.authz;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;

/**
 * An Istio {@code ipBlocks} entry: a single address ({@code 10.0.0.1}) or a CIDR block
 * ({@code 10.0.0.0/16}, {@code fd00::/8}). An IPv4 block never matches an IPv6 address, as in Envoy.
 */
public final class IpBlock implements Predicate<InetAddress> {

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private IpBlock(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /** @throws IllegalArgumentException for anything but a literal address with an optional prefix length */
  public static IpBlock parse(String block) {
    int slash = block.indexOf('/');
    String address = slash < 0 ? block : block.substring(0, slash);
    if (address.isEmpty() || !(address.indexOf(':') >= 0 || Character.digit(address.charAt(0), 16) >= 0)
        || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      throw new IllegalArgumentException("ipBlock " + block + " is not an IP address or CIDR block");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("ipBlock " + block + " is not an IP address or CIDR block", e);
    }
    int length = bytes.length * 8;
    if (slash >= 0) {
      try {
        length = Integer.parseInt(block.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ipBlock " + block + " has a bad prefix length", e);
      }
      if (length < 0 || length > bytes.length * 8) {
        throw new IllegalArgumentException("ipBlock " + block + " has a prefix length out of range");
      }
    }
    return new IpBlock(bytes, length, block);
  }

  /** An unknown address ({@code null}) is in no block. */
  @Override
  public boolean test(InetAddress candidate) {
    if (candidate == null) {
      return false;
    }
    byte[] bytes = candidate.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (bytes[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
