package dev.meshlog.proxy.listener;

import io.netty.channel.Channel;

/**
 * The two ways a listener's connection can speak HTTP, chosen once per connection: by the first
 * bytes ({@link ProtocolDetector}) on a plain connection, by ALPN on a TLS one. Either call appends
 * the rest of the pipeline and starts reading.
 */
public interface HttpPipelines {

  /** HTTP/1.1: one codec on the connection, requests served one at a time. */
  void http1(Channel connection);

  /** HTTP/2: a frame codec on the connection and one child channel per stream. */
  void http2(Channel connection);
}
