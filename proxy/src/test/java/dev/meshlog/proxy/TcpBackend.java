package dev.meshlog.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain TCP backend on 127.0.0.1 (blocking sockets, a thread per connection) that behaves as its
 * {@link Mode} says, counting connections and the bytes it received.
 */
final class TcpBackend implements AutoCloseable {

  enum Mode {
    /** Writes back every byte; closes when the client closes its side. */
    ECHO,
    /** Reads to the client's FIN, then answers {@code "received <n>"} and closes: needs half-close. */
    REPLY_AT_EOF,
    /** Reads to the client's FIN, then answers {@link #LARGE_REPLY} bytes and closes. */
    LARGE_REPLY_AT_EOF,
    /** Closes each connection as soon as it is accepted. */
    CLOSE_AT_ONCE,
    /** Reads nothing until {@link #release()}, then reads to EOF keeping a SHA-256 of the bytes. */
    SINK_WHEN_RELEASED
  }

  /** The size of a LARGE_REPLY_AT_EOF answer: far more than the socket buffers hold. */
  static final int LARGE_REPLY = 16 << 20;

  private final ServerSocket server;
  private final Mode mode;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile String digest = "";

  private TcpBackend(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket();
    if (mode == Mode.SINK_WHEN_RELEASED) {
      // A small window keeps what the kernel holds for a reader that does not read small.
      server.setReceiveBufferSize(64 * 1024);
    }
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    Thread acceptor = new Thread(this::accept, "tcp-backend-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static TcpBackend start(Mode mode) throws IOException {
    return new TcpBackend(mode);
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  long received() {
    return received.get();
  }

  /** SHA-256 hex of everything a SINK_WHEN_RELEASED connection read, once it saw EOF; "" before. */
  String digest() {
    return digest;
  }

  void release() {
    released.countDown();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        open.add(socket);
        Thread worker = new Thread(() -> serve(socket), "tcp-backend-conn");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      switch (mode) {
        case ECHO -> {
          for (int n; (n = in.read(buffer)) >= 0; ) {
            received.addAndGet(n);
            out.write(buffer, 0, n);
            out.flush();
          }
        }
        case REPLY_AT_EOF -> {
          long total = 0;
          for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
          }
          received.addAndGet(total);
          out.write(("received " + total).getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        case LARGE_REPLY_AT_EOF -> {
          received.addAndGet(in.readAllBytes().length);
          for (int sent = 0; sent < LARGE_REPLY; sent += buffer.length) {
            out.write(buffer);
          }
          out.flush();
        }
        case CLOSE_AT_ONCE -> {
          // try-with-resources closes it
        }
        case SINK_WHEN_RELEASED -> {
          released.await();
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          for (int n; (n = in.read(buffer)) >= 0; ) {
            received.addAndGet(n);
            sha.update(buffer, 0, n);
          }
          digest = HexFormat.of().formatHex(sha.digest());
        }
      }
    } catch (IOException e) {
      // the client or the proxy went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
  }
}
