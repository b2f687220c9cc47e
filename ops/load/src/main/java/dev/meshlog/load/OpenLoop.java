package dev.meshlog.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests on a fixed schedule (one every 1/rate seconds) over a pool of keep-alive
 * connections, all on one event loop thread, so no state is shared. A request whose slot comes
 * while every connection is busy waits in a queue with its slot time kept; that wait counts in its
 * latency. Connections closed by the target are replaced.
 */
final class OpenLoop {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final LoadSettings settings;
  private final PrintStream progress;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final HttpHeaders headers = new DefaultHttpHeaders();
  private final ArrayDeque<Conn> idle = new ArrayDeque<>();
  private final List<Conn> open = new ArrayList<>();
  private final LongQueue waiting = new LongQueue();
  private final Results results = new Results();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final double periodNanos;
  private long start;
  private long measureFrom;
  private long measureUntil;
  private long slots;
  private long issued;
  private long ticks;
  private long lastOk;
  private long lastShed;
  private boolean done;
  private ScheduledFuture<?> ticker;
  private volatile CountDownLatch priming;
  long unsent;
  long unanswered;

  OpenLoop(LoadSettings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
    boolean epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.loop = group.next();
    this.periodNanos = 1e9 / settings.rate();
    headers.set(HttpHeaderNames.HOST, settings.hostHeader());
    headers.set(HttpHeaderNames.USER_AGENT, "meshlog-load");
    this.bootstrap = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
  }

  /** Runs the schedule to its end, waits up to 5 s for answers still due, and returns what was seen. */
  Results run() throws InterruptedException {
    try {
      CountDownLatch connected = new CountDownLatch(settings.connections());
      for (int i = 0; i < settings.connections(); i++) {
        connect().addListener(f -> connected.countDown());
      }
      if (!connected.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("could not open " + settings.connections() + " connections within 60 s");
      }
      // One unrecorded request per connection first: class loading and the first JIT passes would
      // otherwise stall the schedule's first second into a backlog that spills into the measurement.
      CountDownLatch primed = new CountDownLatch(settings.connections());
      priming = primed;
      loop.execute(() -> List.copyOf(idle).forEach(conn -> {
        idle.remove(conn);
        send(conn, 0);
      }));
      if (!primed.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the target did not answer one request per connection within 60 s");
      }
      priming = null;
      loop.execute(this::begin);
      finished.await();
      return results;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private ChannelFuture connect() {
    Conn conn = new Conn();
    ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), conn);
      }
    }).connect(settings.host(), settings.port());
    f.addListener(done -> loop.execute(() -> {
      if (done.isSuccess()) {
        conn.channel = f.channel();
        open.add(conn);
        free(conn);
      } else if (!this.done) {
        results.errors++;
        loop.schedule(this::connect, 10, TimeUnit.MILLISECONDS); // the target refused: retry, not spin
      }
    }));
    return f;
  }

  private void begin() {
    start = System.nanoTime();
    measureFrom = start + settings.warmup().toNanos();
    measureUntil = measureFrom + settings.duration().toNanos();
    slots = (long) Math.ceil((measureUntil - start) / periodNanos);
    ticker = loop.scheduleAtFixedRate(this::tick, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
  }

  private boolean measured(long intended) {
    return intended >= measureFrom && intended < measureUntil;
  }

  private void tick() {
    long now = System.nanoTime();
    long due = Math.min(slots, (long) ((now - start) / periodNanos) + 1);
    while (issued < due) {
      long intended = start + (long) (issued * periodNanos);
      issued++;
      if (measured(intended)) {
        results.offered++;
      }
      Conn conn = idle.poll();
      if (conn != null) {
        send(conn, intended);
      } else {
        waiting.add(intended);
      }
    }
    if (++ticks % 100 == 0) {
      expire(now);
    }
    if (ticks % 1000 == 0) {
      progress.printf("load: t=%ds ticks=%d ok/s=%d shed/s=%d waiting=%d%n", (now - start) / 1_000_000_000L, ticks,
          results.ok - lastOk, results.shed - lastShed, waiting.size());
      lastOk = results.ok;
      lastShed = results.shed;
    }
    if (issued == slots && (now > measureUntil + DRAIN_NANOS || (waiting.isEmpty() && idle.size() == open.size()))) {
      end();
    }
  }

  private void send(Conn conn, long intended) {
    conn.intended = intended;
    conn.sentAt = System.nanoTime();
    conn.busy = true;
    conn.channel.writeAndFlush(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, settings.path(),
        Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE));
  }

  /** A connection ready for the next request: the oldest waiting one, or the idle pool. */
  private void free(Conn conn) {
    conn.busy = false;
    if (!done && !waiting.isEmpty()) {
      send(conn, waiting.poll());
    } else {
      idle.add(conn);
    }
  }

  private void expire(long now) {
    long limit = settings.timeout().toNanos();
    for (Conn conn : List.copyOf(open)) {
      if (conn.busy && now - conn.sentAt > limit) {
        if (measured(conn.intended)) {
          results.timeouts++;
        }
        conn.busy = false;
        conn.channel.close();
      }
    }
  }

  private void end() {
    done = true;
    ticker.cancel(false);
    while (!waiting.isEmpty()) {
      if (measured(waiting.poll())) {
        unsent++;
      }
    }
    for (Conn conn : open) {
      if (conn.busy && measured(conn.intended)) {
        unanswered++;
      }
      conn.busy = false;
      conn.channel.close();
    }
    finished.countDown();
  }

  /** One keep-alive connection; at most one request on it at a time (no pipelining). */
  private final class Conn extends SimpleChannelInboundHandler<HttpObject> {
    Channel channel;
    long intended;
    long sentAt;
    boolean busy;
    int status;
    boolean overloaded;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse response) {
        status = response.status().code();
        overloaded = response.headers().contains("x-meshlog-overloaded");
      }
      if (msg instanceof LastHttpContent && busy && status >= 200) {
        CountDownLatch primed = priming;
        if (primed != null) {
          busy = false;
          idle.add(this);
          primed.countDown();
          return;
        }
        if (measured(intended)) {
          long now = System.nanoTime();
          results.response(status, overloaded, now - intended, now - sentAt);
        }
        free(this);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      open.remove(this);
      idle.remove(this);
      if (busy && measured(intended)) {
        results.errors++;
      }
      if (busy && !done) {
        waiting.addFirst(intended); // resent on the next free connection, its slot time kept
      }
      busy = false;
      if (!done) {
        connect();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
