package org.doorstep.fleet.ingest;

import io.vertx.core.Future;

/**
 * How the fleet sends to devices (acks, config, commands): QoS 1 publishes through whichever broker
 * is in use.
 *
 * <p>Threads: callable from any thread. The future completes when the broker has taken the message
 * (embedded: queued for delivery; external: PUBACK received); it fails with the broker's reason.
 */
public interface DevicePublisher {
  /**
   * Publishes one message at QoS 1.
   *
   * @param topic    concrete device topic
   * @param payload  encoded envelope
   * @param retained whether the broker keeps it as the topic's retained message
   */
  Future<Void> publish(String topic, byte[] payload, boolean retained);
}
