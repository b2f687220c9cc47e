package dev.meshlog.proxy.listener;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.LongAdder;

/**
 * Downstream connections by the protocol they turned out to speak, on both listeners: Envoy's
 * {@code downstream_cx_http1_total} and {@code downstream_cx_http2_total}.
 */
public final class DownstreamProtocols {

  private final LongAdder http1 = new LongAdder();
  private final LongAdder http2 = new LongAdder();

  /** Counts each connection as its pipeline is chosen, then installs it. */
  HttpPipelines counting(HttpPipelines pipelines) {
    return new HttpPipelines() {
      @Override
      public void http1(Channel connection) {
        http1.increment();
        pipelines.http1(connection);
      }

      @Override
      public void http2(Channel connection) {
        http2.increment();
        pipelines.http2(connection);
      }
    };
  }

  public long http1Connections() {
    return http1.sum();
  }

  public long http2Connections() {
    return http2.sum();
  }
}
