package org.doorstep.fleet.testing;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.fleet.ingest.DevicePublisher;

/** An in-memory {@link DevicePublisher}: remembers every publish; decodes acks for asserts. */
public final class FakeDevicePublisher implements DevicePublisher {
  /** One publish. */
  public record Sent(String topic, byte[] payload, boolean retained) {}

  /** An ack with the device it was sent to. */
  public record SentAck(String deviceId, Ack ack) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> publish(String topic, byte[] payload, boolean retained) {
    sent.add(new Sent(topic, payload.clone(), retained));
    return Future.succeededFuture();
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Every ack published so far, decoded, in order. */
  public List<SentAck> acks() {
    return sent.stream()
        .filter(s -> Topics.parse(s.topic()).map(p -> p.channel() == Topics.Channel.ACKS).orElse(false))
        .map(s -> {
          WireMessage m = WireCodec.decode(s.payload());
          if (m.type() != MessageType.ACK) {
            throw new AssertionError("not an ack on " + s.topic() + ": " + m.type());
          }
          return new SentAck(Topics.parse(s.topic()).orElseThrow().deviceId(), m.bodyAs(Ack.class));
        })
        .toList();
  }

  /** Acks sent to one device. */
  public List<Ack> acksFor(String deviceId) {
    return acks().stream().filter(a -> a.deviceId().equals(deviceId)).map(SentAck::ack).toList();
  }

  /** Every id acked as stored to {@code deviceId}, over all its acks. */
  public List<String> storedIdsFor(String deviceId) {
    return acksFor(deviceId).stream().flatMap(a -> a.stored().stream()).toList();
  }

  /** Every rejection sent to {@code deviceId}, over all its acks. */
  public List<Ack.Rejection> rejectionsFor(String deviceId) {
    return acksFor(deviceId).stream().flatMap(a -> a.rejected().stream()).toList();
  }
}
