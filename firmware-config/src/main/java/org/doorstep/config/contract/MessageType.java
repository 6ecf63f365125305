package org.doorstep.config.contract;

/** The {@code type} member of an envelope, one per channel of {@link Topics.Channel}. */
public enum MessageType {
  RECORD("record", Topics.Channel.RECORDS),
  ACK("ack", Topics.Channel.ACKS),
  STATE("state", Topics.Channel.STATE),
  CONFIG("config", Topics.Channel.CONFIG),
  COMMAND("command", Topics.Channel.COMMANDS),
  COMMAND_RESULT("command-result", Topics.Channel.COMMAND_RESULTS);

  private final String wireName;
  private final Topics.Channel channel;

  MessageType(String wireName, Topics.Channel channel) {
    this.wireName = wireName;
    this.channel = channel;
  }

  public String wireName() {
    return wireName;
  }

  /** The channel this type travels on. */
  public Topics.Channel channel() {
    return channel;
  }

  /** The type with this wire name; {@code null} is never returned. */
  public static MessageType fromWireName(String name) {
    for (MessageType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new WireException(WireException.Reason.UNKNOWN_TYPE, "type: unknown message type '" + name + "'");
  }
}
