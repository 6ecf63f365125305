package org.doorstep.agent.uplink;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * The agent's link to the fleet: one MQTT 5 session, QoS 1 both ways.
 *
 * <p>Threads: call every method from the agent's Vert.x context (the one {@link #start()} ran on);
 * futures complete and handlers run on that context. Failures: {@link UplinkException}.
 * The link reconnects by itself with bounded backoff; nothing here waits for the broker.
 */
public interface Uplink {
  /**
   * Starts connecting (and keeps reconnecting). Completes when the first attempt has been made,
   * whether or not it succeeded: a kiosk works without its fleet.
   */
  Future<Void> start();

  /**
   * Publishes at QoS 1. Completes when the broker acknowledged (PUBACK); fails at once with {@code
   * NOT_CONNECTED} while there is no session. Never exceeds the broker's Receive Maximum: publishes
   * beyond it wait for a free slot.
   */
  Future<Void> publish(String topic, byte[] payload, boolean retained);

  /**
   * Subscribes {@code filter} at QoS 1, now if connected and again after every reconnect (the session
   * is clean). Completes when the broker granted it, or at once while disconnected.
   */
  Future<Void> subscribe(String filter, Handler<InboundMessage> handler);

  /** Adds a handler called on every connect and disconnect. */
  Uplink addStatusHandler(Handler<UplinkStatus> handler);

  /** The link now. */
  UplinkStatus status();

  /** Disconnects cleanly (no last will) and stops reconnecting; pending publishes fail. */
  Future<Void> stop();
}
