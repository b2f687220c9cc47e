package dev.meshlog.proxy.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meshlog.proxy.telemetry.RequestOutcome;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShedReportsTest {

  @Test
  void withNoReportsAllowedEveryShedRequestIsCountedOnly() {
    ShedReports reports = new ShedReports(0);
    assertFalse(reports.tryReport());
    assertFalse(reports.tryReport());
    assertEquals(2, reports.unreportedCount());
  }

  @Test
  void underTheRateEveryShedRequestIsReported() {
    ShedReports reports = new ShedReports(1_000_000);
    for (int i = 0; i < 1000; i++) {
      assertTrue(reports.tryReport());
    }
    assertEquals(0, reports.unreportedCount());
  }

  /** Over the report rate a shed request is still answered 503 and counted as shed, just not recorded. */
  @Test
  void anUnreportedShedRequestIsStillAnsweredAndCounted() {
    Overload overload = new Overload(new OverloadSettings(1, 0));
    List<RequestOutcome> reported = new ArrayList<>();
    EmbeddedChannel admitted = new EmbeddedChannel(overload.guard(reported::add, RequestOutcome.Side.INBOUND));
    admitted.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), LastHttpContent.EMPTY_LAST_CONTENT);
    EmbeddedChannel shed = new EmbeddedChannel(overload.guard(reported::add, RequestOutcome.Side.INBOUND));
    shed.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), LastHttpContent.EMPTY_LAST_CONTENT);
    FullHttpResponse answer = shed.readOutbound();
    assertEquals(503, answer.status().code());
    answer.release();
    assertEquals(1, overload.shedCount());
    assertEquals(1, overload.unreportedCount());
    assertTrue(reported.isEmpty());
  }
}
