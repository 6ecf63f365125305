package org.doorstep.agent.uplink;

/**
 * The link as it is now.
 *
 * @param connected      whether a session with the broker is up
 * @param receiveMaximum QoS 1 publishes the broker accepts unacknowledged (CONNACK Receive Maximum,
 *                       65535 when the broker sends none); meaningful only while connected
 */
public record UplinkStatus(boolean connected, int receiveMaximum) {
  /** MQTT 5's default when CONNACK carries no Receive Maximum. */
  public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

  public static final UplinkStatus DISCONNECTED = new UplinkStatus(false, 0);
}
