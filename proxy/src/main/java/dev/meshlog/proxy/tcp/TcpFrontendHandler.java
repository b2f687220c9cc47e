package dev.meshlog.proxy.tcp;

import dev.meshlog.proxy.balance.LbEndpoint;
import dev.meshlog.proxy.balance.PickContext;
import dev.meshlog.proxy.route.Endpoint;
import dev.meshlog.proxy.route.RouteTable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection on a TCP listener until its upstream is connected: routes it by the listener's
 * port under the routing read once now, picks cluster and endpoint, connects (a second endpoint if
 * the first refuses and attempts allow), then hands both sides to {@link TcpRelayHandler}s. The
 * client is not read before that, as Envoy holds reads until the upstream is up.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(TcpFrontendHandler.class);

  private final int port;
  private final TcpListenerContext context;
  private TcpStats.RouteCounters counters;
  private TcpConnectionReports reports;
  // Netty's epoll transport reads what a client sent with its FIN even with AUTO_READ off, possibly
  // before the upstream is up: kept here (at most the socket's receive buffer) and relayed once it
  // is. The NIO loops used now do not, but a transport that does must not lose those bytes.
  private final List<Object> early = new ArrayList<>();
  private boolean earlyFin;

  TcpFrontendHandler(int port, TcpListenerContext context) {
    this.port = port;
    this.context = context;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    TcpRouting routing = context.routing().get();
    Optional<TcpRoute> route = routing.route(port);
    if (route.isEmpty()) {
      // Accepted by a listener whose route was just removed, before it stopped accepting.
      ctx.close();
      return;
    }
    counters = context.stats().route(route.get());
    counters.countOpened();
    TcpConnectionReports reports = new TcpConnectionReports(context.connections(), route.get());
    this.reports = reports;
    ctx.channel().closeFuture().addListener(closed -> {
      counters.countClosed();
      reports.closed();
    });
    PickContext pick = TcpPicker.context(sourceIp(ctx.channel()), context.random().get());
    TcpTarget target = TcpPicker.pick(route.get(), routing.table(), pick);
    if (target instanceof TcpTarget.Connect connect) {
      connect(ctx, routing.table(), connect.target(), connect.endpoint(), pick, 1);
    } else if (target instanceof TcpTarget.Refuse refuse) {
      log.debug("tcp route {} cluster {}: {}", route.get().label(), refuse.cluster(), refuse.responseFlag());
      counters.countNoHealthyUpstream();
      reports.flag(refuse.responseFlag());
      ctx.close();
    }
  }

  private void connect(ChannelHandlerContext ctx, RouteTable table, RouteTable.Target target, LbEndpoint<Endpoint> endpoint,
      PickContext pick, int attempt) {
    Channel client = ctx.channel();
    TcpRelayHandler fromUpstream = new TcpRelayHandler(client, bytes -> {
      counters.addSent(bytes);
      reports.addFromUpstream(bytes);
    });
    ChannelFuture connecting = context.connector().connect(client.eventLoop(), endpoint.endpoint().socketAddress(), fromUpstream);
    connecting.addListener((ChannelFutureListener) done -> {
      if (!client.isActive()) {
        done.channel().close();
        return;
      }
      if (done.isSuccess()) {
        relay(ctx, done.channel(), endpoint);
        return;
      }
      counters.countConnectFailure();
      Optional<LbEndpoint<Endpoint>> next = attempt < context.tuning().connectAttempts()
          ? TcpPicker.another(table, target, endpoint, pick) : Optional.empty();
      if (next.isPresent()) {
        connect(ctx, table, target, next.get(), pick, attempt + 1);
      } else {
        log.debug("tcp {} -> {}: connect failed (UF): {}", client, endpoint.ringKey(), done.cause().toString());
        counters.countUpstreamFailure();
        reports.flag("UF");
        client.close();
      }
    });
  }

  private void relay(ChannelHandlerContext ctx, Channel upstream, LbEndpoint<Endpoint> endpoint) {
    // Least request balances TCP by open connections: each counts as one active request for its life.
    endpoint.activeRequests().increment();
    upstream.closeFuture().addListener(closed -> endpoint.activeRequests().decrement());
    reports.opened(endpoint.endpoint());
    ctx.pipeline().replace(this, "relay", new TcpRelayHandler(upstream, bytes -> {
      counters.addReceived(bytes);
      reports.addToUpstream(bytes);
    }));
    TcpRelayHandler.readOn(upstream);
    if (early.isEmpty() && !earlyFin) {
      TcpRelayHandler.readOn(ctx.channel());
      return;
    }
    // The relay reads on after writing these; the FIN follows them.
    early.forEach(ctx.channel().pipeline()::fireChannelRead);
    early.clear();
    if (earlyFin) {
      ctx.channel().pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    early.add(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      earlyFin = true;
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    early.forEach(ReferenceCountUtil::release);
    early.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("tcp client {} failed before its upstream connected: {}", ctx.channel(), cause.toString());
    ctx.close();
  }

  private static String sourceIp(Channel channel) {
    return channel.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
        ? remote.getAddress().getHostAddress() : null;
  }
}
