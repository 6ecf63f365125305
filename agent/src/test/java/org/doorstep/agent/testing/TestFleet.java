package org.doorstep.agent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A stand-in for the fleet's ingest: a Paho client subscribed to every device's records and state. It
 * acks records according to its {@link Mode} (one ack per record, published from its own thread so
 * that Paho's callback thread never blocks) and remembers every copy it received.
 */
public final class TestFleet implements AutoCloseable {
  /** How records are answered. */
  public enum Mode {
    /** Ack every copy at once. */
    ACK,
    /** Keep ids until {@link #releaseHeld()}. */
    HOLD,
    /** Ignore the first copy of each record, ack later copies. */
    ACK_SECOND_COPY,
    /** Answer with a BAD_SIGNATURE rejection. */
    REJECT,
    /** Answer with a rejection whose code ({@link #NEW_REJECT_CODE}) no agent knows, as a newer fleet might. */
    REJECT_WITH_NEW_CODE,
    /** Never answer. */
    IGNORE
  }

  /** The code {@link Mode#REJECT_WITH_NEW_CODE} refuses with: not one of {@code Ack.RejectReason}. */
  public static final String NEW_REJECT_CODE = "SOMETHING_NEW";

  private final MqttAsyncClient client;
  private final ExecutorService acks = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fleet-acks"));
  private final AtomicReference<Mode> mode;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final Map<String, List<String>> held = new ConcurrentHashMap<>();
  private final List<DeviceState> states = new CopyOnWriteArrayList<>();

  public TestFleet(String brokerUrl, Mode mode) throws MqttException {
    this.mode = new AtomicReference<>(mode);
    client = new MqttAsyncClient(brokerUrl, "test-fleet-" + System.nanoTime(), new MemoryPersistence());
    client.setCallback(new MqttCallback() {
      @Override public void disconnected(MqttDisconnectResponse r) { }
      @Override public void mqttErrorOccurred(MqttException e) { }
      @Override public void deliveryComplete(IMqttToken t) { }
      @Override public void connectComplete(boolean reconnect, String uri) { }
      @Override public void authPacketArrived(int code, MqttProperties p) { }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        onMessage(topic, message.getPayload());
      }
    });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    client.connect(o).waitForCompletion(10_000);
    client.subscribe(new MqttSubscription[] {
        new MqttSubscription(Topics.allDevices(Topics.Channel.RECORDS), 1),
        new MqttSubscription(Topics.allDevices(Topics.Channel.STATE), 1)}).waitForCompletion(10_000);
  }

  public void mode(Mode m) {
    mode.set(m);
  }

  private void onMessage(String topic, byte[] payload) {
    Topics.Parsed t = Topics.parse(topic).orElseThrow();
    WireMessage m = WireCodec.decode(payload);
    if (t.channel() == Topics.Channel.STATE) {
      states.add(m.bodyAs(DeviceState.class));
      return;
    }
    String id = m.bodyAs(CertificationRecord.class).recordId();
    long copiesBefore = received.stream().filter(id::equals).count();
    received.add(id);
    switch (mode.get()) {
      case ACK -> ack(t.deviceId(), Ack.stored(List.of(id)));
      case ACK_SECOND_COPY -> {
        if (copiesBefore > 0) {
          ack(t.deviceId(), Ack.stored(List.of(id)));
        }
      }
      case HOLD -> held.computeIfAbsent(t.deviceId(), d -> new CopyOnWriteArrayList<>()).add(id);
      case REJECT -> ack(t.deviceId(), Ack.rejected(new Ack.Rejection(Optional.of(id),
          Ack.RejectReason.BAD_SIGNATURE, "signature does not verify with the registered key")));
      case REJECT_WITH_NEW_CODE -> ack(t.deviceId(), Ack.rejected(new Ack.Rejection(Optional.of(id),
          NEW_REJECT_CODE, "a check added after this agent was built")));
      case IGNORE -> { }
    }
  }

  private void ack(String deviceId, Ack ack) {
    byte[] payload = WireCodec.encodeUnsigned(MessageType.ACK, ack);
    acks.execute(() -> {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (true) {
        try {
          client.publish(Topics.topic(deviceId, Topics.Channel.ACKS), payload, 1, false).waitForCompletion(10_000);
          return;
        } catch (MqttException e) {
          // Paho completes a token before freeing its in-flight slot (paho.mqtt.java #551): retry briefly.
          if (e.getReasonCode() != 32202 || System.nanoTime() > deadline) {
            throw new IllegalStateException(e);
          }
          java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
      }
    });
  }

  /** Acks every held record in one ack per device. */
  public void releaseHeld() {
    held.forEach((device, ids) -> {
      List<String> copy = new ArrayList<>(ids);
      ids.removeAll(copy);
      ack(device, Ack.stored(copy));
    });
  }

  /** Forgets held ids without acking them. */
  public void dropHeld() {
    held.clear();
  }

  /** Every record copy received, in order (duplicates included). */
  public List<String> received() {
    return List.copyOf(received);
  }

  /** How many copies of {@code id} arrived. */
  public long copies(String id) {
    return received.stream().filter(id::equals).count();
  }

  /** Every state message received for {@code deviceId}. */
  public List<DeviceState> states(String deviceId) {
    return states.stream().filter(s -> s.deviceId().equals(deviceId)).toList();
  }

  @Override
  public void close() throws Exception {
    acks.shutdown();
    try {
      client.disconnect().waitForCompletion(5_000);
    } catch (MqttException ignored) {
      // broker may be gone already
    }
    client.close(true);
  }
}
