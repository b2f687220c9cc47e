package dev.meshlog.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays the bytes one side of a TCP connection reads to the other side: one instance on the
 * client connection, one on the upstream. Backpressure: AUTO_READ is off and the next read is
 * asked only when the previous buffer was written, so a connection holds at most one read buffer
 * (at most 64 KiB, the receive allocator's cap) per direction beyond the kernel's socket buffers.
 *
 * <p>Half-close as in Envoy's tcp_proxy: a FIN read here is passed on as a FIN (shutdown of the
 * peer's output) once everything before it was written, and the other direction keeps flowing;
 * the connection pair closes when both directions ended, or at once when either side closes or
 * fails (the peer is closed after what it was sent is flushed).
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(TcpRelayHandler.class);

  private final Channel peer;
  private final LongConsumer bytesRead;

  /**
   * @param peer the other side of the pair
   * @param bytesRead counts what this side read (and hands to the peer)
   */
  TcpRelayHandler(Channel peer, LongConsumer bytesRead) {
    this.peer = peer;
    this.bytesRead = bytesRead;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      bytesRead.accept(buf.readableBytes());
    }
    peer.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
      if (written.isSuccess()) {
        readOn(ctx.channel());
      } else {
        written.channel().close();
      }
    });
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      passFin((DuplexChannel) ctx.channel());
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  /**
   * Writes may still be pending (the early bytes a FIN came with are replayed at once, and Netty's
   * epoll reads ahead on a FIN): the empty write completes after them, then the FIN follows.
   */
  private void passFin(DuplexChannel self) {
    DuplexChannel other = (DuplexChannel) peer;
    other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
      if (!flushed.isSuccess() || !other.isActive()) {
        self.close();
        return;
      }
      other.shutdownOutput().addListener(shut -> {
        closeIfBothEnded(other);
        closeIfBothEnded(self);
      });
    });
  }

  private static void closeIfBothEnded(DuplexChannel channel) {
    if (channel.isInputShutdown() && channel.isOutputShutdown()) {
      channel.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeOnFlush(peer);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp relay {} failed: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  /**
   * Asks for the next read unless the input ended: Netty's epoll transport fails (and closes the
   * channel) when asked to read from a socket whose input is shut down, and a FIN can arrive with
   * the last bytes, before their write completed.
   */
  static void readOn(Channel channel) {
    if (!(channel instanceof DuplexChannel duplex) || !duplex.isInputShutdown()) {
      channel.read();
    }
  }

  static void closeOnFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
