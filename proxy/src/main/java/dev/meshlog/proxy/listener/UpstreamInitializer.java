package dev.meshlog.proxy.listener;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;

/** Pipeline of a pooled upstream connection (the pool creates them; the relay drives them). */
@Sharable
public final class UpstreamInitializer extends ChannelInitializer<Channel> {

  @Override
  protected void initChannel(Channel ch) {
    ChannelPipeline p = ch.pipeline();
    // 1. codec: requests out, responses in, bodies as streamed chunks (never aggregated);
    //    it pairs responses with requests, so HEAD responses are framed right.
    p.addLast("codec", new HttpClientCodec());
    // 2. relay: each response part goes to the client connection's UpstreamRelay.
    p.addLast("relay", new BackendHandler());
  }
}
