package dev.meshlog.proxy.overload;

import dev.meshlog.proxy.telemetry.RequestOutcome;
import dev.meshlog.proxy.telemetry.TelemetrySink;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Admission control for one downstream HTTP/1.1 connection or one HTTP/2 stream, ahead of the
 * relay: a request the {@link AdmissionLimit} has room for goes on and holds its slot until its
 * response's last part is written (or the connection closes); any other is answered 503 at once
 * with {@code x-meshlog-overloaded: true} and flag OM, its body read and dropped, and never seen
 * by routing or an upstream (Envoy's overload manager answers the same way, before its filters).
 *
 * <p>Answers keep HTTP/1.1's order: a shed request pipelined behind one still being relayed is
 * answered right after that one's response. Reads stay the relay's business (AUTO_READ is off),
 * except for a shed request's body and the next request after it, which the relay never sees.
 */
final class OverloadGuard extends ChannelDuplexHandler {

  private static final Object ADMITTED = new Object();
  /** A malformed request: the relay refuses it (400) in order; it holds no slot. */
  private static final Object PASSED = new Object();

  private final AdmissionLimit limit;
  private final ShedReports reports;
  private final TelemetrySink telemetry;
  private final RequestOutcome.Side side;
  /** Requests whose responses are still due, in order: {@link #ADMITTED}, {@link #PASSED} or a {@link ShedRequest}. */
  private final ArrayDeque<Object> due = new ArrayDeque<>(2);
  /** The shed request whose body is being read and dropped; null when none. */
  private ShedRequest dropping;
  /** Whether the response being written is an interim (1xx) one, whose last part ends nothing. */
  private boolean interim;

  OverloadGuard(AdmissionLimit limit, ShedReports reports, TelemetrySink telemetry, RequestOutcome.Side side) {
    this.limit = limit;
    this.reports = reports;
    this.telemetry = telemetry;
    this.side = side;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      if (request.decoderResult().isFailure()) {
        due.add(PASSED);
      } else if (limit.tryAdmit()) {
        due.add(ADMITTED);
      } else {
        shed(ctx, request);
        if (!(msg instanceof HttpContent)) {
          if (due.isEmpty()) {
            ctx.read(); // its body, or the next request: the relay never saw this one
          }
          return;
        }
      }
    }
    if (dropping != null && msg instanceof HttpContent content) {
      dropping.requestBytes += content.content().readableBytes();
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        dropping.complete = true;
        report(dropping);
        dropping = null;
      }
      // Nobody else reads for a shed request: the relay waits for one ahead of it, or never saw it.
      if (due.isEmpty()) {
        ctx.read();
      }
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void shed(ChannelHandlerContext ctx, HttpRequest request) {
    ShedRequest shed = new ShedRequest(request, telemetry.wantsRequestLine());
    dropping = shed;
    if (due.isEmpty()) {
      answer(ctx, shed);
    } else {
      due.add(shed);
    }
    if (!(request instanceof HttpContent)) {
      ReferenceCountUtil.release(request);
    }
  }

  private void answer(ChannelHandlerContext ctx, ShedRequest shed) {
    ctx.writeAndFlush(OverloadReply.create());
    shed.answered = true;
    report(shed);
  }

  /** Reported once, when it was both answered and read whole (its bytes counted), or its connection closed. */
  private void report(ShedRequest shed) {
    if (shed.answered && (shed.complete || !shed.open) && !shed.reported) {
      shed.reported = true;
      if (reports.tryReport()) {
        telemetry.record(shed.outcome(side));
      }
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL && response.status().code() != 101;
    }
    boolean ends = msg instanceof LastHttpContent && !interim;
    if (msg instanceof LastHttpContent) {
      interim = false;
    }
    ctx.write(msg, promise);
    if (ends) {
      if (due.poll() == ADMITTED) {
        limit.release();
      }
      answerShedBehind(ctx);
    }
  }

  /** The shed requests pipelined behind the response that just ended, answered in order. */
  private void answerShedBehind(ChannelHandlerContext ctx) {
    while (due.peek() instanceof ShedRequest shed) {
      due.poll();
      answer(ctx, shed);
    }
    if (due.isEmpty() && dropping != null) {
      ctx.read(); // the rest of a shed body, which the relay (now idle) will not ask for
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Object next;
    while ((next = due.poll()) != null) {
      if (next == ADMITTED) {
        limit.release();
      }
    }
    if (dropping != null) {
      dropping.open = false;
      report(dropping);
      dropping = null;
    }
    ctx.fireChannelInactive();
  }
}
