package org.doorstep.fleet.ingest;

/**
 * Where messages that devices publish enter the fleet, whichever broker carried them: the embedded
 * broker's extension calls it in-process, the external-broker client calls it from its shared
 * subscription. One ingest pipeline behind both.
 *
 * <p>Threads: called on a broker or MQTT-client thread; implementations must not block (hand the
 * work to a queue or a Vert.x context and return).
 */
public interface InboundSink {
  /**
   * One publish from a device.
   *
   * @param topic   the concrete topic ({@code doorstep/v1/{deviceId}/records} …)
   * @param payload the raw payload, owned by the sink from now on
   */
  void accept(String topic, byte[] payload);
}
