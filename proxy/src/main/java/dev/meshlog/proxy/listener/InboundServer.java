package dev.meshlog.proxy.listener;

import dev.meshlog.proxy.backend.Transport;
import io.netty.channel.Channel;

/** The inbound listener: a bound server socket on the sidecar's shared event loop group. */
public final class InboundServer implements AutoCloseable {

  private final Channel channel;

  private InboundServer(Channel channel) {
    this.channel = channel;
  }

  /** Binds {@code address:port} (0 picks a free port) and starts accepting. */
  public static InboundServer bind(Transport transport, String address, int port, InboundInitializer initializer) {
    return new InboundServer(Listeners.bind(transport, address, port, initializer));
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
