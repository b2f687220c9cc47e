package dev.meshlog.proxy.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpBlockTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void shouldMatchASingleAddressAndCidrBlocksOnAnyBitBoundary() throws Exception {
    assertTrue(IpBlock.parse("10.1.2.3").test(ip("10.1.2.3")));
    assertFalse(IpBlock.parse("10.1.2.3").test(ip("10.1.2.4")));
    assertTrue(IpBlock.parse("10.1.0.0/16").test(ip("10.1.200.3")));
    assertFalse(IpBlock.parse("10.1.0.0/16").test(ip("10.2.0.1")));
    assertTrue(IpBlock.parse("10.1.2.0/23").test(ip("10.1.3.255")));
    assertFalse(IpBlock.parse("10.1.2.0/23").test(ip("10.1.4.0")));
    assertTrue(IpBlock.parse("0.0.0.0/0").test(ip("192.168.1.1")));
    assertTrue(IpBlock.parse("fd00::/8").test(ip("fd12::1")));
    assertFalse(IpBlock.parse("fd00::/8").test(ip("10.0.0.1")), "an IPv4 address is in no IPv6 block");
    assertFalse(IpBlock.parse("10.0.0.0/8").test(null));
  }

  @Test
  void shouldRefuseWhatIsNotAnAddressWithoutLookingItUp() {
    assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("reviews.default"));
    assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> IpBlock.parse("10.0.0.0/x"));
    assertThrows(IllegalArgumentException.class, () -> IpBlock.parse(""));
    assertEquals("10.0.0.0/8", IpBlock.parse("10.0.0.0/8").toString());
  }
}
