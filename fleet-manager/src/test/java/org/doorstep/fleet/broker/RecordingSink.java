package org.doorstep.fleet.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.fleet.ingest.InboundSink;

/** An {@link InboundSink} that keeps what it gets; refuses (throws) for topics of device {@code refuse-*}. */
final class RecordingSink implements InboundSink {
  record Inbound(String topic, byte[] payload) {}

  private final List<Inbound> inbound = new CopyOnWriteArrayList<>();

  @Override
  public void accept(String topic, byte[] payload) {
    if (topic.startsWith("doorstep/v1/refuse-")) {
      throw new IllegalStateException("test sink refuses " + topic);
    }
    inbound.add(new Inbound(topic, payload));
  }

  List<Inbound> on(String topic) {
    return inbound.stream().filter(i -> i.topic().equals(topic)).toList();
  }

  List<Inbound> all() {
    return List.copyOf(inbound);
  }
}
