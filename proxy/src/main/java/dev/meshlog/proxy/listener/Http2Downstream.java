package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.Http2ConnectionPool;
import dev.meshlog.proxy.listener.limits.ListenerGuard;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AttributeKey;
import java.util.function.Consumer;

/**
 * A downstream HTTP/2 connection: frame codec and multiplexer on the connection, and on each
 * stream the same HTTP-object data path as an HTTP/1.1 connection (forwarded headers, routing,
 * relay), so every route feature applies to a stream as to an HTTP/1.1 request.
 *
 * <p>The connection itself reads freely (it must, to see every stream's frames and PINGs);
 * backpressure is per stream: a stream channel has AUTO_READ off, and HTTP/2 flow control returns
 * window to the peer only for what the relay consumed.
 */
final class Http2Downstream {

  /** The pool a request that came in over HTTP/2 goes upstream with (Envoy's USE_DOWNSTREAM_PROTOCOL). */
  static final AttributeKey<Http2ConnectionPool> UPSTREAM = AttributeKey.valueOf("meshlog.h2.upstream");

  private Http2Downstream() {}

  /**
   * @param dataPath appends the per-request handlers (forwarded headers, the frontend handler)
   *     to a stream channel whose pipeline already turns frames into HTTP objects
   * @param guard the listener's limits: concurrent streams, header list size, reset and control frame floods
   */
  static void install(Channel connection, Http2ConnectionPool upstream, ListenerGuard guard, Consumer<Channel> dataPath) {
    ChannelPipeline p = connection.pipeline();
    p.addLast("h2", guard.newHttp2Codec(connection));
    p.addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel stream) {
        stream.config().setAutoRead(false);
        // The connection's pooled allocator, not Netty 4.2's default adaptive one (see Listeners).
        stream.config().setAllocator(connection.config().getAllocator());
        stream.attr(UPSTREAM).set(upstream);
        ChannelPipeline sp = stream.pipeline();
        sp.addLast("codec", new Http2StreamFrameToHttpObjectCodec(true));
        sp.addLast("split", FullMessageSplitter.INSTANCE);
        dataPath.accept(stream);
      }
    }));
    p.addLast("h2-errors", guard.http2Errors());
    connection.config().setAutoRead(true);
  }
}
