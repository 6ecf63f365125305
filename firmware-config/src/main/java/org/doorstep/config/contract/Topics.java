package org.doorstep.config.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MQTT topic names of wire version 1: {@code doorstep/v1/{deviceId}/{channel}}.
 *
 * <p>Device ids are 1–64 characters of {@code [A-Za-z0-9._-]}, so they never contain the MQTT
 * separators {@code / + #}.
 */
public final class Topics {
  /** The first two levels of every topic. */
  public static final String PREFIX = "doorstep/v1/";
  /** Shared-subscription group that fleet-manager instances join on an external broker. */
  public static final String SHARE_GROUP = "fleet";

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private Topics() {}

  /** The six channels of a device, with who publishes on each. */
  public enum Channel {
    /** agent → fleet: signed records, QoS 1. */
    RECORDS("records"),
    /** fleet → agent: acks and rejections of records, QoS 1. */
    ACKS("acks"),
    /** agent → fleet, retained: health and reported config; the last will says offline. */
    STATE("state"),
    /** fleet → agent, retained: the desired signed config bundle. */
    CONFIG("config"),
    /** fleet → agent: signed commands, QoS 1. */
    COMMANDS("commands"),
    /** agent → fleet: outcome of a command, QoS 1. */
    COMMAND_RESULTS("command-results");

    private final String segment;

    Channel(String segment) {
      this.segment = segment;
    }

    public String segment() {
      return segment;
    }

    static Optional<Channel> ofSegment(String s) {
      for (Channel c : values()) {
        if (c.segment.equals(s)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /** Whether {@code id} is a valid device id. */
  public static boolean isValidDeviceId(String id) {
    return id != null && DEVICE_ID.matcher(id).matches();
  }

  /**
   * The topic of {@code channel} for {@code deviceId}.
   *
   * @throws IllegalArgumentException when the device id is not valid
   */
  public static String topic(String deviceId, Channel channel) {
    if (!isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException("deviceId: must match [A-Za-z0-9._-]{1,64}, was '" + deviceId + "'");
    }
    return PREFIX + deviceId + "/" + channel.segment();
  }

  /** Filter matching {@code channel} of every device ({@code doorstep/v1/+/records}). */
  public static String allDevices(Channel channel) {
    return PREFIX + "+/" + channel.segment();
  }

  /** Shared-subscription filter for the fleet group ({@code $share/fleet/doorstep/v1/+/records}). */
  public static String shared(Channel channel) {
    return "$share/" + SHARE_GROUP + "/" + allDevices(channel);
  }

  /** A topic split into device id and channel. */
  public record Parsed(String deviceId, Channel channel) {}

  /** Parses a concrete topic; empty when it is not a v1 device topic. */
  public static Optional<Parsed> parse(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = topic.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
      return Optional.empty();
    }
    String device = rest.substring(0, slash);
    if (!isValidDeviceId(device)) {
      return Optional.empty();
    }
    return Channel.ofSegment(rest.substring(slash + 1)).map(c -> new Parsed(device, c));
  }
}
