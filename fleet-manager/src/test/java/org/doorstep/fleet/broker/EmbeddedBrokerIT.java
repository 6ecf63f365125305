package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.Topics.Channel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HiveMQ embedded with the Doorstep extension, driven by Paho v5 devices. One broker for the class. */
class EmbeddedBrokerIT {
  /** Tiny on purpose: {@link #tiny_queue_drops_messages_for_a_slow_subscriber()} proves it took effect. */
  private static final int MAX_QUEUE = 5;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  static Path dir;
  static Vertx vertx;
  static RecordingSink sink;
  static EmbeddedBroker broker;
  static String uri;

  @BeforeAll
  static void startBroker() {
    vertx = Vertx.vertx();
    sink = new RecordingSink();
    broker = EmbeddedBroker.start(vertx, EmbeddedBroker.Options.builder(dir).port(0).maxQueuedMessagesPerClient(MAX_QUEUE).build(), sink)
        .await();
    uri = "tcp://127.0.0.1:" + broker.port();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.stop().await();
    }
    vertx.close().await();
  }

  @Test
  void writes_config_with_the_picked_port_and_in_memory_persistence() throws Exception {
    String xml = Files.readString(dir.resolve("conf/config.xml"));
    assertThat(broker.port()).isPositive().isNotEqualTo(EmbeddedBroker.Options.DEFAULT_PORT);
    assertThat(xml).contains("<port>" + broker.port() + "</port>", "<max-queue-size>5</max-queue-size>",
        "<mode>in-memory</mode>", "<anonymous-usage-statistics>\n    <enabled>false</enabled>");
  }

  @Test
  void device_record_reaches_sink_with_exact_bytes_and_is_not_routed_to_subscribers() throws Exception {
    byte[] record = {0x7b, 0x00, (byte) 0xff, (byte) 0xe4, (byte) 0xb8, 0x2d, 0x7d};
    String topic = Topics.topic("kiosk-1", Channel.RECORDS);
    try (TestDevice reader = TestDevice.connect(uri, "reader-1"); TestDevice kiosk = TestDevice.connect(uri, "kiosk-1")) {
      reader.subscribe(Topics.allDevices(Channel.RECORDS));
      reader.subscribe("test/marker/1");

      assertThat(kiosk.publish(topic, record, false)).isZero(); // PUBACK success
      kiosk.publish("test/marker/1", new byte[0], false);       // same connection, so routed after the record

      await().atMost(WAIT).until(() -> !sink.on(topic).isEmpty());
      assertThat(sink.on(topic)).singleElement().satisfies(in -> assertThat(in.payload()).containsExactly(record));
      await().atMost(WAIT).until(() -> reader.first("test/marker/1").isPresent());
      assertThat(reader.received(topic)).as("records never reach subscribers (no hop)").isEmpty();
    }
  }

  @Test
  void broker_allows_no_topic_aliases() throws Exception {
    // Paho 1.2.5 can send an alias before the PUBLISH that defines it when publishes run concurrently.
    try (TestDevice kiosk = TestDevice.connect(uri, "alias-1")) {
      assertThat(kiosk.brokerTopicAliasMaximum()).isZero();
    }
  }

  @Test
  void command_result_reaches_sink_and_is_not_routed() throws Exception {
    String topic = Topics.topic("kiosk-6", Channel.COMMAND_RESULTS);
    try (TestDevice reader = TestDevice.connect(uri, "reader-6"); TestDevice kiosk = TestDevice.connect(uri, "kiosk-6")) {
      reader.subscribe(topic);
      reader.subscribe("test/marker/6");
      kiosk.publish(topic, bytes("done"), false);
      kiosk.publish("test/marker/6", new byte[0], false);

      await().atMost(WAIT).until(() -> reader.first("test/marker/6").isPresent());
      assertThat(sink.on(topic)).singleElement().satisfies(in -> assertThat(in.payload()).containsExactly(bytes("done")));
      assertThat(reader.received(topic)).isEmpty();
    }
  }

  @Test
  void record_refused_by_the_sink_gets_a_negative_puback() throws Exception {
    try (TestDevice kiosk = TestDevice.connect(uri, "refuse-1")) {
      assertThat(kiosk.publish(Topics.topic("refuse-1", Channel.RECORDS), bytes("r"), false))
          .as("PUBACK 0x80 unspecified error, so the agent resends").isEqualTo(0x80);
    }
  }

  @Test
  void publisher_delivers_a_qos1_ack_to_the_subscribed_device() throws Exception {
    String acks = Topics.topic("kiosk-2", Channel.ACKS);
    try (TestDevice kiosk = TestDevice.connect(uri, "kiosk-2")) {
      kiosk.subscribe(acks);
      broker.publisher().publish(acks, bytes("{\"ack\":[1,2]}"), false).await();

      await().atMost(WAIT).until(() -> kiosk.first(acks).isPresent());
      TestDevice.Received ack = kiosk.first(acks).orElseThrow();
      assertThat(ack.payload()).containsExactly(bytes("{\"ack\":[1,2]}"));
      assertThat(ack.qos()).isEqualTo(1);
    }
  }

  @Test
  void state_is_ingested_and_stays_retained_for_a_late_reader() throws Exception {
    String state = Topics.topic("kiosk-3", Channel.STATE);
    try (TestDevice kiosk = TestDevice.connect(uri, "kiosk-3")) {
      kiosk.publish(state, bytes("online"), true);
    }
    await().atMost(WAIT).until(() -> !sink.on(state).isEmpty());

    try (TestDevice late = TestDevice.connect(uri, "dashboard-3")) {
      late.subscribe(state);
      await().atMost(WAIT).until(() -> late.first(state).isPresent());
      TestDevice.Received retained = late.first(state).orElseThrow();
      assertThat(retained.payload()).containsExactly(bytes("online"));
      assertThat(retained.retained()).isTrue();
    }
  }

  @Test
  void last_will_of_a_dead_connection_reaches_the_sink_once() throws Exception {
    String state = Topics.topic("kiosk-4", Channel.STATE);
    TestDevice kiosk = TestDevice.connectWithWill(uri, "kiosk-4", state, bytes("offline"));
    try (TestDevice watcher = TestDevice.connect(uri, "watcher-4")) {
      watcher.subscribe(state);
      kiosk.kill();

      await().atMost(WAIT).until(() -> !sink.on(state).isEmpty() && watcher.first(state).isPresent());
      assertThat(sink.on(state)).singleElement().satisfies(in -> assertThat(in.payload()).containsExactly(bytes("offline")));
      assertThat(watcher.first(state).orElseThrow().payload()).as("the broker still publishes the will").containsExactly(bytes("offline"));
    }
  }

  @Test
  void tiny_queue_drops_messages_for_a_slow_subscriber() throws Exception {
    String commands = Topics.topic("kiosk-5", Channel.COMMANDS);
    int sent = 50;
    try (TestDevice slow = TestDevice.connect(uri, "kiosk-5")) {
      slow.subscribe(commands);
      slow.closeGate(); // the first message blocks the callback: nothing is PUBACKed

      List<Future<Void>> published = new ArrayList<>();
      for (int i = 0; i < sent; i++) {
        published.add(broker.publisher().publish(commands, bytes("c" + i), false));
      }
      Future.all(published).await();
      slow.openGate();

      // The queue may still be full right after the gate opens: repeat the end marker until one arrives.
      await().atMost(WAIT).until(() -> {
        broker.publisher().publish(commands, bytes("end"), false);
        return slow.received(commands).stream().anyMatch(r -> new String(r.payload(), StandardCharsets.UTF_8).equals("end"));
      });
      long delivered = slow.received(commands).stream()
          .filter(r -> !new String(r.payload(), StandardCharsets.UTF_8).equals("end")).count();
      // One in flight plus the queue (HiveMQ may poll a little ahead); far fewer than sent.
      assertThat(delivered).isBetween(1L, (long) MAX_QUEUE + 2);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
