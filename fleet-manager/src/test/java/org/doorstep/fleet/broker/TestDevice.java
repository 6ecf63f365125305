package org.doorstep.fleet.broker;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The device end of the wire for broker tests: a Paho v5 client that records what it receives.
 * Blocking calls with short timeouts; test threads only.
 */
final class TestDevice implements AutoCloseable {
  private static final long TIMEOUT_MS = 5_000;

  /** One received message. */
  record Received(String topic, byte[] payload, int qos, boolean retained) {}

  private final MqttAsyncClient client;
  private org.eclipse.paho.mqttv5.common.packet.MqttProperties connack;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  private TestDevice(String uri, String clientId) throws MqttException {
    client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    client.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage m) throws InterruptedException {
        received.add(new Received(topic, m.getPayload(), m.getQos(), m.isRetained()));
        gate.await(); // a closed gate makes this a slow subscriber: no PUBACK until it opens
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {}

      @Override
      public void mqttErrorOccurred(MqttException e) {}

      @Override
      public void deliveryComplete(IMqttToken t) {}

      @Override
      public void connectComplete(boolean reconnect, String serverUri) {}

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties p) {}
    });
  }

  static TestDevice connect(String uri, String clientId) throws MqttException {
    return connect(uri, clientId, new MqttConnectionOptions());
  }

  /** The Topic Alias Maximum the broker announced in its CONNACK (0 when absent: no aliases). */
  int brokerTopicAliasMaximum() {
    Integer max = connack == null ? null : connack.getTopicAliasMaximum();
    return max == null ? 0 : max;
  }

  static TestDevice connect(String uri, String clientId, MqttConnectionOptions options) throws MqttException {
    TestDevice d = new TestDevice(uri, clientId);
    org.eclipse.paho.mqttv5.client.IMqttToken token = d.client.connect(options);
    token.waitForCompletion(TIMEOUT_MS);
    d.connack = token.getResponseProperties();
    return d;
  }

  /** Connects with a retained QoS 1 last will. */
  static TestDevice connectWithWill(String uri, String clientId, String willTopic, byte[] will) throws MqttException {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setWill(willTopic, new MqttMessage(will, 1, true, null));
    return connect(uri, clientId, o);
  }

  void subscribe(String filter) throws MqttException {
    IMqttToken t = client.subscribe(filter, 1);
    t.waitForCompletion(TIMEOUT_MS);
    if (t.getReasonCodes()[0] >= 0x80) {
      throw new IllegalStateException("subscribe " + filter + " refused: " + t.getReasonCodes()[0]);
    }
  }

  /** Subscribes at QoS 1 and returns the SUBACK reason code (≥ 0x80: refused). */
  int subscribeCode(String filter) throws MqttException {
    IMqttToken t = client.subscribe(filter, 1);
    t.waitForCompletion(TIMEOUT_MS);
    return t.getReasonCodes()[0];
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes QoS 1 and returns the PUBACK reason code. */
  int publish(String topic, byte[] payload, boolean retained) throws MqttException {
    IMqttToken t = null;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (t == null) {
      try {
        t = client.publish(topic, payload, 1, retained);
      } catch (MqttException e) {
        // Paho frees the in-flight slot a moment after the PUBACK completes the previous token.
        if (e.getReasonCode() != 32202 || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.yield();
      }
    }
    t.waitForCompletion(TIMEOUT_MS);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> received(String topic) {
    return received.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  Optional<Received> first(String topic) {
    return received(topic).stream().findFirst();
  }

  /** Holds every further message in the callback (and so its PUBACK) until {@link #openGate()}. */
  void closeGate() {
    gate = new CountDownLatch(1);
  }

  void openGate() {
    gate.countDown();
  }

  /** Drops the TCP connection without DISCONNECT, as a crash or cable pull would: the will fires. */
  void kill() throws MqttException {
    client.disconnectForcibly(0, 0, false);
    client.close(true);
  }

  @Override
  public void close() throws MqttException {
    openGate();
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(TIMEOUT_MS);
    }
    client.close(true);
  }
}
