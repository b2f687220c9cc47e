package dev.meshlog.proxy.backend;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.concurrent.Promise;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One h2c connection to an upstream endpoint and the streams it carries. Streams asked for before
 * the peer's first SETTINGS wait for it, since only then is its stream limit known; those beyond
 * the limit go back to the pool ({@code overflow}), which opens another connection for them.
 */
final class Http2Connection {

  private final ChannelHandler streamInitializer;
  private final Consumer<Promise<Channel>> overflow;
  private final ArrayDeque<Promise<Channel>> waiting = new ArrayDeque<>(2);
  private Channel channel;
  private boolean settled;
  private boolean closed;
  private boolean goingAway;
  /** The peer's SETTINGS_MAX_CONCURRENT_STREAMS; unknown (unlimited) until its SETTINGS came. */
  private long maxStreams = Long.MAX_VALUE;
  /** Streams open or waiting to open on this connection. */
  private int streams;

  Http2Connection(ChannelHandler streamInitializer, Consumer<Promise<Channel>> overflow) {
    this.streamInitializer = streamInitializer;
    this.overflow = overflow;
  }

  void bind(Channel channel) {
    this.channel = channel;
  }

  boolean hasRoom() {
    return !closed && !goingAway && streams < maxStreams;
  }

  void openStream(Promise<Channel> promise) {
    streams++;
    if (settled) {
      open(promise);
    } else {
      waiting.add(promise);
    }
  }

  private void open(Promise<Channel> promise) {
    new Http2StreamChannelBootstrap(channel).handler(streamInitializer).open().addListener(f -> {
      if (f.isSuccess()) {
        Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
        stream.closeFuture().addListener(c -> streams--);
        if (!promise.trySuccess(stream)) {
          stream.close();
        }
      } else {
        streams--;
        promise.tryFailure(f.cause());
      }
    });
  }

  /** The peer's SETTINGS (the first, or a later change of its stream limit). */
  void settingsReceived(Http2Settings settings) {
    Long max = settings.maxConcurrentStreams();
    if (max != null) {
      maxStreams = max;
    }
    settled = true;
    long opened = streams - waiting.size();
    Promise<Channel> next;
    while ((next = waiting.poll()) != null) {
      if (opened < maxStreams && !goingAway) {
        opened++;
        open(next);
      } else {
        streams--;
        overflow.accept(next);
      }
    }
  }

  /** The connection is gone (or never came): streams waiting for it fail, so their requests get a 503. */
  void closed(Throwable cause) {
    closed = true;
    Promise<Channel> next;
    while ((next = waiting.poll()) != null) {
      streams--;
      next.tryFailure(cause != null ? cause : new ConnectException("upstream h2 connection closed"));
    }
  }

  /** The peer is going away: its open streams finish, new ones go to another connection. */
  void goAwayReceived() {
    goingAway = true;
  }

  boolean settled() {
    return settled;
  }
}
