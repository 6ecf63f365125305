package org.doorstep.agent.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.agent.uplink.InboundMessage;
import org.doorstep.agent.uplink.Uplink;
import org.doorstep.agent.uplink.UplinkException;
import org.doorstep.agent.uplink.UplinkStatus;

/**
 * An in-memory {@link Uplink}: records what is published, lets a test deliver inbound messages to the
 * subscribed handlers and switch the connection on and off. Call it on the owner's context.
 */
public final class FakeUplink implements Uplink {
  /** One publish. */
  public record Published(String topic, byte[] payload, boolean retained) {}

  private final Map<String, Handler<InboundMessage>> subscriptions = new LinkedHashMap<>();
  private final List<Handler<UplinkStatus>> statusHandlers = new ArrayList<>();
  private final List<Published> published = new CopyOnWriteArrayList<>();
  private boolean connected;

  /** A fake that starts connected or not. */
  public FakeUplink(boolean connected) {
    this.connected = connected;
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained) {
    if (!connected) {
      return Future.failedFuture(new UplinkException(UplinkException.Reason.NOT_CONNECTED, "not connected"));
    }
    published.add(new Published(topic, payload.clone(), retained));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> subscribe(String filter, Handler<InboundMessage> handler) {
    subscriptions.put(filter, handler);
    return Future.succeededFuture();
  }

  @Override
  public Uplink addStatusHandler(Handler<UplinkStatus> handler) {
    statusHandlers.add(handler);
    return this;
  }

  @Override
  public UplinkStatus status() {
    return connected ? new UplinkStatus(true, UplinkStatus.DEFAULT_RECEIVE_MAXIMUM) : UplinkStatus.DISCONNECTED;
  }

  @Override
  public Future<Void> stop() {
    connected = false;
    return Future.succeededFuture();
  }

  /** Connects or disconnects, telling the status handlers. */
  public void connected(boolean now) {
    connected = now;
    UplinkStatus s = status();
    List.copyOf(statusHandlers).forEach(h -> h.handle(s));
  }

  /**
   * Reports connected from {@link #status()} without telling the status handlers yet, as Paho's
   * client does between its connect completing and the handlers running; {@link #connected(boolean)}
   * tells them.
   */
  public void connectedBeforeHandlersRun() {
    connected = true;
  }

  /** Delivers {@code payload} on {@code topic} to the handler subscribed with exactly that filter. */
  public void deliver(String topic, byte[] payload) {
    Handler<InboundMessage> h = subscriptions.get(topic);
    if (h == null) {
      throw new IllegalStateException("nothing subscribed to " + topic + " (subscribed: " + subscriptions.keySet() + ")");
    }
    h.handle(new InboundMessage(topic, payload));
  }

  /** The filters subscribed to. */
  public List<String> subscribed() {
    return List.copyOf(subscriptions.keySet());
  }

  /** Everything published so far. */
  public List<Published> published() {
    return List.copyOf(published);
  }
}
