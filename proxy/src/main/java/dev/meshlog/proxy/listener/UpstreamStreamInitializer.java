package dev.meshlog.proxy.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * Pipeline of one request's stream on a multiplexed upstream h2c connection: the same HTTP objects
 * as on an HTTP/1.1 upstream connection, so the relay drives both alike.
 */
@Sharable
public final class UpstreamStreamInitializer extends ChannelInitializer<Channel> {

  @Override
  protected void initChannel(Channel stream) {
    // Backpressure: the relay reads the response only as fast as the client takes it, and flow
    // control returns window to the upstream for what was read.
    stream.config().setAutoRead(false);
    stream.config().setAllocator(stream.parent().config().getAllocator());
    ChannelPipeline p = stream.pipeline();
    // 1. codec: request head/body/trailers out as HEADERS/DATA frames, response frames in as HTTP objects.
    p.addLast("codec", new Http2StreamFrameToHttpObjectCodec(false));
    // 2. relay: each response part goes to the client connection's UpstreamRelay.
    p.addLast("relay", new BackendHandler());
  }
}
