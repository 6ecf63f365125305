package org.doorstep.agent.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on an ephemeral port in front of the broker. {@link #cutConnections()} closes every
 * relayed connection without an MQTT DISCONNECT: to the broker it looks like a kiosk whose cable was
 * pulled, so it publishes the last will.
 */
public final class TcpProxy implements AutoCloseable {
  private final Vertx vertx;
  private final NetServer server;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();

  private TcpProxy(Vertx vertx, NetServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static TcpProxy start(Vertx vertx, int targetPort) {
    NetClient client = vertx.createNetClient();
    NetServer server = vertx.createNetServer();
    TcpProxy proxy = new TcpProxy(vertx, server);
    server.connectHandler(in -> {
      in.pause();
      client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
        proxy.sockets.add(in);
        proxy.sockets.add(out);
        in.handler(out::write);
        out.handler(in::write);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.resume();
      }).onFailure(err -> in.close());
    });
    server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public String url() {
    return "tcp://127.0.0.1:" + server.actualPort();
  }

  /** Closes every relayed connection (both sides), abruptly. */
  public void cutConnections() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }

  @Override
  public void close() {
    cutConnections();
    server.close().await();
  }
}
