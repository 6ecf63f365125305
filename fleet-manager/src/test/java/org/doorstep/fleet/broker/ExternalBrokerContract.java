package org.doorstep.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.Topics.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One body for {@link ExternalBroker} on every broker: HiveMQ embedded ({@link ExternalBrokerIT}) and
 * the machine's Mosquitto ({@link ExternalBrokerInteropIT}). Device and group names carry a per-run
 * suffix so runs on a shared broker (retained messages, other subscribers) cannot see each other.
 */
abstract class ExternalBrokerContract {
  static final Duration WAIT = Duration.ofSeconds(10);

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final String group = "it-" + run;
  final List<ExternalBroker> clients = new ArrayList<>();

  /** {@code tcp://127.0.0.1:port} of the broker under test. */
  abstract String serverUri();

  abstract Vertx vertx();

  @AfterEach
  void stopClients() {
    clients.forEach(c -> c.stop().await());
  }

  ExternalBroker join(String instance, RecordingSink sink) {
    ExternalBroker.Options options = ExternalBroker.Options.builder(serverUri(), "fleet-" + instance + "-" + run)
        .sharedGroup(group).build();
    ExternalBroker client = ExternalBroker.connect(vertx(), options, sink).await();
    clients.add(client);
    return client;
  }

  String device(String name) {
    return name + "-" + run;
  }

  @Test
  void device_messages_reach_the_sink_with_exact_bytes() throws Exception {
    RecordingSink sink = new RecordingSink();
    join("a", sink);
    String kiosk = device("kiosk-1");
    byte[] record = {0x7b, 0x00, (byte) 0xff, 0x7d};
    try (TestDevice device = TestDevice.connect(serverUri(), kiosk)) {
      device.publish(Topics.topic(kiosk, Channel.RECORDS), record, false);
      device.publish(Topics.topic(kiosk, Channel.STATE), bytes("online"), false);
      device.publish(Topics.topic(kiosk, Channel.COMMAND_RESULTS), bytes("ok"), false);
    }
    await().atMost(WAIT).until(() -> sink.all().size() >= 3);
    assertThat(sink.on(Topics.topic(kiosk, Channel.RECORDS))).singleElement()
        .satisfies(in -> assertThat(in.payload()).containsExactly(record));
    assertThat(sink.on(Topics.topic(kiosk, Channel.STATE))).singleElement()
        .satisfies(in -> assertThat(in.payload()).containsExactly(bytes("online")));
    assertThat(sink.on(Topics.topic(kiosk, Channel.COMMAND_RESULTS))).hasSize(1);
  }

  @Test
  void publisher_delivers_qos1_to_the_device() throws Exception {
    ExternalBroker fleet = join("a", new RecordingSink());
    String acks = Topics.topic(device("kiosk-2"), Channel.ACKS);
    try (TestDevice device = TestDevice.connect(serverUri(), device("kiosk-2"))) {
      device.subscribe(acks);
      fleet.publisher().publish(acks, bytes("ack-1"), false).await();
      await().atMost(WAIT).until(() -> device.first(acks).isPresent());
      assertThat(device.first(acks).orElseThrow().payload()).containsExactly(bytes("ack-1"));
      assertThat(device.first(acks).orElseThrow().qos()).isEqualTo(1);
    }
  }

  @Test
  void publisher_queues_beyond_the_receive_maximum_instead_of_failing() throws Exception {
    ExternalBroker fleet = join("a", new RecordingSink());
    String acks = Topics.topic(device("kiosk-3"), Channel.ACKS);
    int n = 500; // well above any broker's receive maximum (HiveMQ here: 2, Mosquitto: 20)
    try (TestDevice device = TestDevice.connect(serverUri(), device("kiosk-3"))) {
      device.subscribe(acks);
      List<Future<Void>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(fleet.publisher().publish(acks, bytes("ack-" + i), false));
      }
      Future.all(all).await();
      await().atMost(WAIT).until(() -> device.received(acks).size() >= n);
      assertThat(device.received(acks)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
          .as("in publish order").startsWith("ack-0", "ack-1", "ack-2").endsWith("ack-" + (n - 1));
    }
  }

  @Test
  void two_instances_in_one_group_get_each_message_exactly_once() throws Exception {
    RecordingSink a = new RecordingSink();
    RecordingSink b = new RecordingSink();
    join("a", a);
    join("b", b);
    String kiosk = device("kiosk-4");
    String topic = Topics.topic(kiosk, Channel.RECORDS);
    int n = 200;
    try (TestDevice device = TestDevice.connect(serverUri(), kiosk)) {
      for (int i = 0; i < n; i++) {
        device.publish(topic, bytes("r" + i), false);
      }
    }
    await().atMost(WAIT).until(() -> a.on(topic).size() + b.on(topic).size() >= n);
    Set<String> seen = new HashSet<>();
    List<String> both = new ArrayList<>();
    a.on(topic).forEach(in -> both.add(new String(in.payload(), StandardCharsets.UTF_8)));
    b.on(topic).forEach(in -> both.add(new String(in.payload(), StandardCharsets.UTF_8)));
    both.forEach(seen::add);
    assertThat(both).as("no message delivered twice").hasSize(n);
    assertThat(seen).hasSize(n);
    checkSplit(a.on(topic).size(), b.on(topic).size());
  }

  /** Brokers differ in how they pick a member; Mosquitto round-robins, HiveMQ may not. */
  void checkSplit(int toA, int toB) {}

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
