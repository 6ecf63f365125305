package org.doorstep.agent.uplink;

import java.util.Objects;

/**
 * A message from the broker.
 *
 * @param topic   the concrete topic
 * @param payload the payload (owned by the receiver)
 */
public record InboundMessage(String topic, byte[] payload) {
  public InboundMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public String toString() {
    return "InboundMessage[" + topic + ", " + payload.length + " B]";
  }
}
