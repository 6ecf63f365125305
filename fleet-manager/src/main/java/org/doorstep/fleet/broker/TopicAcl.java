package org.doorstep.fleet.broker;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.Topics.Channel;

/**
 * The topic rules of a device connection (docs/wire-protocol.md §1.1): a device publishes only on its
 * own {@code records}, {@code state} and {@code command-results}, and subscribes only to its own
 * {@code acks}, {@code config} and {@code commands}, by exact topic (no wildcards, no shared
 * subscriptions, no {@code $SYS}). Pure.
 */
final class TopicAcl {
  /** Channels a device publishes on (agent → fleet). */
  static final Set<Channel> DEVICE_PUBLISHES = EnumSet.of(Channel.RECORDS, Channel.STATE, Channel.COMMAND_RESULTS);
  /** Channels a device subscribes to (fleet → agent). */
  static final Set<Channel> DEVICE_SUBSCRIBES = EnumSet.of(Channel.ACKS, Channel.CONFIG, Channel.COMMANDS);

  private TopicAcl() {}

  /** Why {@code deviceId} may not publish on {@code topic}; empty when it may. */
  static Optional<String> publishRefusal(String deviceId, String topic) {
    return refusal(deviceId, topic, DEVICE_PUBLISHES, "publish on");
  }

  /** Why {@code deviceId} may not subscribe to {@code filter}; empty when it may. */
  static Optional<String> subscribeRefusal(String deviceId, String filter) {
    return refusal(deviceId, filter, DEVICE_SUBSCRIBES, "subscribe to");
  }

  private static Optional<String> refusal(String deviceId, String topic, Set<Channel> allowed, String verb) {
    Optional<Topics.Parsed> parsed = Topics.parse(topic);
    if (parsed.isEmpty()) {
      return Optional.of("may only " + verb + " its own doorstep/v1/" + deviceId + "/{"
          + segments(allowed) + "} topics, not '" + topic + "'");
    }
    if (!parsed.get().deviceId().equals(deviceId)) {
      return Optional.of("topic '" + topic + "' belongs to device " + parsed.get().deviceId());
    }
    if (!allowed.contains(parsed.get().channel())) {
      return Optional.of("a device may not " + verb + " its " + parsed.get().channel().segment() + " channel (only "
          + segments(allowed) + ")");
    }
    return Optional.empty();
  }

  private static String segments(Set<Channel> channels) {
    return String.join(",", channels.stream().map(Channel::segment).toList());
  }
}
