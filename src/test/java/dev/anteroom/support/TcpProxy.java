package dev.anteroom.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that a test can cut and restore, to stage a database outage without
 * touching the shared server: {@link #cut()} drops every forwarded connection and refuses new ones,
 * as a crashed or unreachable database does; {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
    this.server = listen(0);
    this.port = server.getLocalPort();
    accept(server);
  }

  public static TcpProxy to(String host, int port) {
    return new TcpProxy(new InetSocketAddress(host, port));
  }

  public int port() {
    return port;
  }

  /** Drops every connection and refuses new ones. */
  public synchronized void cut() {
    closeQuietly(server);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /** Forwards again, on the same port. */
  public synchronized void restore() {
    if (server.isClosed()) {
      server = listen(port);
      accept(server);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept(ServerSocket listening) {
    Thread.ofPlatform()
        .daemon()
        .name("tcp-proxy-" + port)
        .start(
            () -> {
              while (!listening.isClosed()) {
                try {
                  Socket client = listening.accept();
                  Socket upstream = new Socket(target.getAddress(), target.getPort());
                  sockets.add(client);
                  sockets.add(upstream);
                  pump(client, upstream);
                  pump(upstream, client);
                } catch (IOException closed) {
                  return;
                }
              }
            });
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException dropped) {
                // the other side or cut() closed it
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
