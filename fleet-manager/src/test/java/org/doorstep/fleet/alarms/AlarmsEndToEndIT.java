package org.doorstep.fleet.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.alarms.rules.WebhookSignature;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.FleetHttps;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms end to end: kiosk-like MQTT 5 clients (Paho, the v1 state messages an agent publishes, with its
 * retained last will) against a real fleet (embedded HiveMQ, SQLite, HTTPS API), and a webhook receiver in
 * the test that checks every signature. A kiosk that goes silent is OFFLINE after two heartbeat intervals; one
 * killed (no DISCONNECT: the broker publishes its will) at once; paper out raises PAPER_OUT and clears when
 * paper is back; operators acknowledge and clear; the receiver's failures are retried with backoff, a delivery
 * that fails every attempt lands in the dead letters, and an unacknowledged alarm is escalated.
 */
class AlarmsEndToEndIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);
  private static final String SECRET = "webhook-secret-of-the-test";

  @TempDir
  Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private WebClient https;
  private HttpServer receiver;
  private String token;
  private final List<JsonObject> delivered = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private final List<MqttAsyncClient> clients = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // The receiver: refuses the first attempt of every delivery (503), every attempt of a TAMPER event (500).
    receiver = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String text = body.toString();
      long ts = Long.parseLong(req.getHeader(WebhookSignature.TIMESTAMP_HEADER));
      if (!WebhookSignature.verify(SECRET, ts, text, req.getHeader(WebhookSignature.HEADER))) {
        badSignatures.incrementAndGet();
        req.response().setStatusCode(401).end();
        return;
      }
      JsonObject event = new JsonObject(text);
      String key = event.getString("event") + "/" + event.getJsonObject("alarm").getString("id");
      int n = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      if ("TAMPER".equals(event.getJsonObject("alarm").getString("type"))) {
        req.response().setStatusCode(500).end();
      } else if (n == 1) {
        req.response().setStatusCode(503).end();
      } else {
        delivered.add(event);
        req.response().setStatusCode(204).end();
      }
    })).listen(0, "127.0.0.1"));
    FleetConfig.Webhook webhook = new FleetConfig.Webhook("http://127.0.0.1:" + receiver.actualPort() + "/alarms",
        SECRET, "PT0.2S", 3, "PT2S");
    FleetConfig.Alarms alarms = new FleetConfig.Alarms(HEARTBEAT.toString(), 2, 100, "PT1H", "PT5M", "P7D", "P2D", "PT5M",
        "PT4S", webhook);
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0).withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")).withAlarms(alarms));
    await(vertx.deployVerticle(fleet), START);
    https = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
    token = TestOperators.token(fleet.stores().operators(), Role.FLEET_OPERATOR, "44");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (MqttAsyncClient c : clients) {
      if (c.isConnected()) {
        c.disconnect().waitForCompletion(5_000);
      }
      c.close();
    }
    https.close();
    await(vertx.close(), START);
  }

  /** A registered kiosk connected with the agent's retained last will (its state with online=false). */
  private MqttAsyncClient kiosk(TestKiosk k, String region) throws Exception {
    await(fleet.devices().register(k.deviceId(), k.publicKeyPem(), region));
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + fleet.brokerPort(), k.deviceId(), new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setWill(k.stateTopic(), new MqttMessage(k.stateMessage(false, Instant.now()), 1, true, null));
    c.connect(o).waitForCompletion(10_000);
    clients.add(c);
    return c;
  }

  private static void publish(MqttAsyncClient c, TestKiosk k, DeviceState s) throws Exception {
    c.publish(k.stateTopic(), WireCodec.encodeUnsigned(MessageType.STATE, s), 1, true).waitForCompletion(10_000);
  }

  private static DeviceState state(TestKiosk k, Map<String, String> peripherals, Map<String, String> faults) {
    return new DeviceState(k.deviceId(), true, "0.1.0", 1, peripherals, 0, Instant.now(), faults, Optional.empty());
  }

  private List<JsonObject> alarms(String query) {
    HttpResponse<Buffer> r = await(https.get(fleet.httpPort(), "127.0.0.1", "/api/alarms" + query)
        .bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o).toList();
  }

  private Optional<JsonObject> alarm(String device, String type) {
    return alarms("?device=" + device + "&type=" + type + "&state=ACTIVE_UNACK,ACTIVE_ACK,CLEARED_UNACK,CLEARED_ACK")
        .stream().findFirst();
  }

  private JsonObject act(String id, String what) {
    HttpResponse<Buffer> r = await(https.post(fleet.httpPort(), "127.0.0.1", "/api/alarms/" + id + "/" + what)
        .bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void silent_kiosk_is_offline_after_two_heartbeats_and_a_killed_one_at_once() throws Exception {
    TestKiosk silent = TestKiosk.create("kiosk-silent");
    MqttAsyncClient s = kiosk(silent, "440106");
    Instant lastState = Instant.now();
    publish(s, silent, state(silent, Map.of("printer", "ONLINE"), Map.of()));
    Duration offlineAfter = HEARTBEAT.multipliedBy(2);
    await().atMost(offlineAfter.plus(Duration.ofSeconds(5))).until(() -> alarm("kiosk-silent", "OFFLINE").isPresent());
    JsonObject off = alarm("kiosk-silent", "OFFLINE").orElseThrow();
    assertThat(Duration.between(lastState, Instant.parse(off.getString("startedAt")))).isGreaterThanOrEqualTo(offlineAfter);
    assertThat(off.getString("severity")).isEqualTo("MAJOR");
    // It speaks again: the alarm clears by itself.
    publish(s, silent, state(silent, Map.of("printer", "ONLINE"), Map.of()));
    await().atMost(Duration.ofSeconds(5)).until(() -> "CLEARED_UNACK".equals(alarm("kiosk-silent", "OFFLINE")
        .map(a -> a.getString("state")).orElse("")));
    assertThat(alarm("kiosk-silent", "OFFLINE").orElseThrow().containsKey("clearedBy")).isFalse();

    TestKiosk killed = TestKiosk.create("kiosk-killed");
    MqttAsyncClient k = kiosk(killed, "440106");
    publish(k, killed, state(killed, Map.of("printer", "ONLINE"), Map.of()));
    Instant kill = Instant.now();
    k.disconnectForcibly(0, 0, false); // no DISCONNECT packet: the broker publishes the will
    await().atMost(HEARTBEAT.multipliedBy(2)).until(() -> alarm("kiosk-killed", "OFFLINE").isPresent());
    JsonObject will = alarm("kiosk-killed", "OFFLINE").orElseThrow();
    assertThat(will.getString("detail")).contains("last will");
    assertThat(Duration.between(kill, Instant.parse(will.getString("startedAt")))).isLessThan(HEARTBEAT.multipliedBy(2));
  }

  @Test
  void paper_out_raises_is_acknowledged_escalates_only_unacknowledged_and_clears_when_paper_is_back() throws Exception {
    TestKiosk a = TestKiosk.create("kiosk-paper");
    MqttAsyncClient ca = kiosk(a, "440106001001");
    TestKiosk b = TestKiosk.create("kiosk-paper-2");
    MqttAsyncClient cb = kiosk(b, "440305");
    publish(ca, a, state(a, Map.of("printer", "HWERROR"), Map.of("printer", "PAPER_OUT")));
    publish(cb, b, state(b, Map.of("printer", "ONLINE"), Map.of("printer", "PAPER_LOW")));
    await().atMost(Duration.ofSeconds(10)).until(() -> alarm("kiosk-paper", "PAPER_OUT").isPresent()
        && alarm("kiosk-paper-2", "PAPER_LOW").isPresent());
    JsonObject out = alarm("kiosk-paper", "PAPER_OUT").orElseThrow();
    assertThat(out.getString("severity")).isEqualTo("MAJOR");
    assertThat(alarm("kiosk-paper", "PRINTER_FAULT")).isEmpty();
    JsonObject acked = act(out.getString("id"), "ack");
    assertThat(acked.getString("state")).isEqualTo("ACTIVE_ACK");

    // The PAPER_LOW alarm stays unacknowledged past escalateAfter (PT4S): escalated, and the receiver hears it.
    String low = alarm("kiosk-paper-2", "PAPER_LOW").orElseThrow().getString("id");
    await().atMost(Duration.ofSeconds(15)).until(() -> delivered.stream().anyMatch(e -> "escalated".equals(e.getString("event"))
        && low.equals(e.getJsonObject("alarm").getString("id"))));
    assertThat(delivered).noneMatch(e -> "escalated".equals(e.getString("event"))
        && out.getString("id").equals(e.getJsonObject("alarm").getString("id")));

    // Paper is back: cleared by itself, acknowledged before, so CLEARED_ACK.
    publish(ca, a, state(a, Map.of("printer", "ONLINE"), Map.of()));
    await().atMost(Duration.ofSeconds(10)).until(() -> "CLEARED_ACK".equals(alarm("kiosk-paper", "PAPER_OUT")
        .map(x -> x.getString("state")).orElse("")));
    // An operator clears the other; it stays cleared until the kiosk reports again.
    assertThat(act(low, "clear").getString("state")).isEqualTo("CLEARED_UNACK");

    // Every delivery: signed right, refused once (503), delivered on the retry.
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.stream().anyMatch(e -> "cleared".equals(e.getString("event"))
        && low.equals(e.getJsonObject("alarm").getString("id"))));
    assertThat(badSignatures).hasValue(0);
    assertThat(delivered).extracting(e -> e.getString("event") + "/" + e.getJsonObject("alarm").getString("type"))
        .contains("raised/PAPER_OUT", "raised/PAPER_LOW", "acknowledged/PAPER_OUT", "cleared/PAPER_OUT",
            "escalated/PAPER_LOW", "cleared/PAPER_LOW");
    delivered.forEach(e -> assertThat(attempts.get(e.getString("event") + "/" + e.getJsonObject("alarm").getString("id")))
        .hasValue(2));
  }

  @Test
  void tamper_is_critical_and_a_delivery_refused_every_time_lands_in_the_dead_letters() throws Exception {
    TestKiosk k = TestKiosk.create("kiosk-tamper");
    MqttAsyncClient c = kiosk(k, "440106");
    publish(c, k, state(k, Map.of("gpio", "FRAUDATTEMPT"), Map.of("gpio", "TAMPER_OPEN")));
    await().atMost(Duration.ofSeconds(10)).until(() -> alarm("kiosk-tamper", "TAMPER").isPresent());
    JsonObject tamper = alarm("kiosk-tamper", "TAMPER").orElseThrow();
    assertThat(tamper.getString("severity")).isEqualTo("CRITICAL");
    String admin = TestOperators.token(fleet.stores().operators(), Role.ADMIN, "86");
    await().atMost(Duration.ofSeconds(15)).until(() -> !deadLetters(admin).isEmpty());
    JsonObject dead = deadLetters(admin).get(0);
    assertThat(dead.getString("alarmId")).isEqualTo(tamper.getString("id"));
    assertThat(dead.getString("event")).isEqualTo("raised");
    assertThat(dead.getInteger("attempts")).isEqualTo(3);
    assertThat(dead.getString("lastError")).isEqualTo("HTTP 500");
    assertThat(dead.getJsonObject("body").getJsonObject("alarm").getString("type")).isEqualTo("TAMPER");
    assertThat(attempts.get("raised/" + tamper.getString("id"))).hasValue(3);
  }

  private List<JsonObject> deadLetters(String admin) {
    HttpResponse<Buffer> r = await(https.get(fleet.httpPort(), "127.0.0.1", "/api/alarms/dead-letters")
        .bearerTokenAuthentication(admin).send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("items").stream().map(o -> (JsonObject) o).toList();
  }
}
