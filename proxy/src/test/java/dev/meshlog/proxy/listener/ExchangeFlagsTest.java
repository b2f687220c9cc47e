package dev.meshlog.proxy.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meshlog.proxy.route.Dispatch;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ExchangeFlagsTest {

  private static Exchange exchange() {
    return new Exchange(null, Dispatch.Fail.noRoute("reviews"), new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"),
        false);
  }

  @Test
  void shouldListTheFailureBeforeUrxWhicheverCameFirst() {
    Exchange ex = exchange();
    ex.flag("URX");
    ex.flag("UF");
    assertEquals("UF,URX", ex.flags());
  }

  @Test
  void shouldKeepEarlierFlagsFirstAndUrxLast() {
    Exchange ex = exchange();
    ex.flag("DI");
    ex.flag("URX");
    ex.flag("UT");
    assertEquals("DI,UT,URX", ex.flags());
  }

  @Test
  void shouldListUpstreamOverflowLastToo() {
    Exchange ex = exchange();
    ex.flag("UO");
    ex.flag("UF");
    assertEquals("UF,UO", ex.flags());
    ex.flag("DC");
    assertEquals("UF,DC,UO", ex.flags());
  }

  @Test
  void shouldShowUrxAloneForARelayedResponse() {
    Exchange ex = exchange();
    ex.flag("-");
    ex.flag("URX");
    assertEquals("URX", ex.flags());
  }
}
