package dev.meshlog.proxy.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerHeaderTest {

  private static final ReportingWorkload REVIEWS = ReportingWorkload.of("reviews-v2", "bookinfo",
      Map.of("app", "reviews", "version", "v2"), null);

  @Test
  void shouldRoundTripAWorkloadsLabelsInTheDocumentedForm() {
    String value = PeerHeader.encode(REVIEWS).orElseThrow();
    assertEquals("v1;reviews-v2;bookinfo;reviews;v2", value);
    assertEquals(new PeerMetadata("reviews-v2", "bookinfo", "reviews", "v2"), PeerHeader.decode(value).orElseThrow());
  }

  @Test
  void shouldSendUnknownForMissingLabelsAndNothingForLabelsItCannotWrite() {
    assertEquals("v1;w;ns;unknown;unknown", PeerHeader.encode(ReportingWorkload.of("w", "ns", Map.of(), null)).orElseThrow());
    assertTrue(PeerHeader.encode(ReportingWorkload.of("w", "ns", Map.of("app", "a;b"), null)).isEmpty());
  }

  @Test
  void shouldRejectHostileOrMalformedValuesWhole() {
    String[] bad = {
        "", "v1", "v1;", "v2;w;ns;a;v", "V1;w;ns;a;v", "v1;w;ns;a", "v1;w;ns;a;v;extra", "v1;w;;a;v", "v1;w;ns;a;v;",
        "v1;w;ns;a;v\r\nx-injected: 1", "v1;w;ns;a b;v", "v1;w;ns;app=1;v", "v1;" + "w".repeat(254) + ";ns;a;v",
        "v1;w;ns;a;" + "v".repeat(600), "v1;wé;ns;a;v"};
    for (String value : bad) {
      assertEquals(Optional.empty(), PeerHeader.decode(value), value);
    }
    assertTrue(PeerHeader.decode("v1;" + "w".repeat(253) + ";ns;a;v").isPresent());
  }

  @Test
  void shouldStripThePeersValueAndCountTheRejectedOnes() {
    PeerExchange exchange = PeerExchange.of(REVIEWS);
    HttpHeaders good = new DefaultHttpHeaders().add(PeerHeader.NAME, "v1;productpage-v1;bookinfo;productpage;v1");
    assertEquals("productpage", exchange.take(good).app());
    assertFalse(good.contains(PeerHeader.NAME));
    HttpHeaders hostile = new DefaultHttpHeaders().add(PeerHeader.NAME, "x".repeat(10_000));
    assertEquals(PeerMetadata.NONE, exchange.take(hostile));
    assertFalse(hostile.contains(PeerHeader.NAME));
    assertNull(exchange.take(new DefaultHttpHeaders()));
    assertEquals(1, exchange.accepted());
    assertEquals(1, exchange.rejected());
  }

  @Test
  void shouldOfferItsOwnValueReplacingAnyOtherAndOffOffersNone() {
    HttpHeaders headers = new DefaultHttpHeaders().add(PeerHeader.NAME, "v1;spoof;x;y;z");
    PeerExchange.of(REVIEWS).offer(headers);
    assertEquals(1, headers.getAll(PeerHeader.NAME).size());
    assertEquals("v1;reviews-v2;bookinfo;reviews;v2", headers.get(PeerHeader.NAME));
    HttpHeaders none = new DefaultHttpHeaders();
    PeerExchange.OFF.offer(none);
    assertFalse(none.contains(PeerHeader.NAME));
  }
}
