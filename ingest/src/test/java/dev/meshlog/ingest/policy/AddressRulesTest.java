package dev.meshlog.ingest.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressRulesTest {

  @Test
  void shouldAcceptIpv4AndIpv6AddressesAndBlocks() {
    for (String value : new String[] {"10.0.0.1", "0.0.0.0/0", "192.168.0.0/16", "::1", "2001:db8::/32", "fd00::7/128",
        "::ffff:10.0.0.1"}) {
      assertTrue(AddressRules.isIpOrCidr(value), value);
    }
  }

  @Test
  void shouldRefuseNamesAndBadPrefixesWithoutResolvingThem() {
    for (String value : new String[] {"", "example.com", "10.0.0.256", "10.0.0.1/33", "10.0.0/8", "2001:db8::/129", "abcd::zz",
        "1.2.3.4/", "/8", "010.0.0.1x"}) {
      assertFalse(AddressRules.isIpOrCidr(value), value);
    }
    assertFalse(AddressRules.isIp("10.0.0.0/8"));
  }
}
