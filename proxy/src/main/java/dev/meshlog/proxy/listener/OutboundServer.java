package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.Transport;
import io.netty.channel.Channel;

/** The outbound listener: a bound server socket on the sidecar's shared event loop group. */
public final class OutboundServer implements AutoCloseable {

  private final Channel channel;

  private OutboundServer(Channel channel) {
    this.channel = channel;
  }

  /** Binds {@code address:port} (0 picks a free port) and starts accepting. */
  public static OutboundServer bind(Transport transport, String address, int port, OutboundInitializer initializer) {
    return new OutboundServer(Listeners.bind(transport, address, port, initializer));
  }

  /** The port actually bound. */
  public int port() {
    return Listeners.portOf(channel);
  }

  /** Stops accepting; connections already open stay until the event loops shut down. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
  }
}
