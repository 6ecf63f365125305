package org.doorstep.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.testing.FleetHttps;
import org.doorstep.fleet.testing.TestOperators;
import org.doorstep.fleet.testing.TestKiosk;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring, once: a fleet with the embedded broker and SQLite on free ports takes a device
 * registration over HTTPS from an operator, a signed record over MQTT, acks it, and lists it.
 */
@ExtendWith(VertxExtension.class)
class FleetVerticleIT {
  static final Duration BROKER_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void record_published_over_mqtt_is_stored_acked_and_listed(Vertx vertx) throws Exception {
    FleetConfig config = FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db"));
    FleetVerticle fleet = new FleetVerticle(config);
    String deployment = await(vertx.deployVerticle(fleet), BROKER_TIMEOUT);
    WebClient http = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
    String admin = TestOperators.admin(fleet.operators());
    TestKiosk kiosk = TestKiosk.create("kiosk-e2e");
    MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + fleet.brokerPort(), "kiosk-e2e", new MemoryPersistence());
    try {
      JsonObject health = await(http.get(fleet.httpPort(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
      assertThat(health.getJsonObject("broker").getInteger("port")).isEqualTo(fleet.brokerTlsPort());
      assertThat(health.getJsonObject("store").getString("kind")).isEqualTo("sqlite");
      int created = await(http.post(fleet.httpPort(), "127.0.0.1", "/api/devices").bearerTokenAuthentication(admin)
          .sendJsonObject(new JsonObject()
          .put("deviceId", kiosk.deviceId()).put("publicKeyPem", kiosk.publicKeyPem()).put("region", "440106")))
          .statusCode();
      assertThat(created).isEqualTo(201);

      BlockingQueue<Ack> acks = new ArrayBlockingQueue<>(10);
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      mqtt.connect(options);
      // (Paho 1.2.5's subscribe(String, int, listener) recurses forever: use the array form.)
      IMqttMessageListener onAck = (topic, msg) -> acks.add(WireCodec.decode(msg.getPayload()).bodyAs(Ack.class));
      mqtt.subscribe(new MqttSubscription[] {new MqttSubscription(kiosk.acksTopic(), 1)},
          new IMqttMessageListener[] {onAck});
      CertificationRecord record = kiosk.nextRecord();
      mqtt.publish(kiosk.recordsTopic(), kiosk.signed(record), 1, false);

      Ack ack = acks.poll(10, TimeUnit.SECONDS);
      assertThat(ack).isEqualTo(Ack.stored(java.util.List.of(record.recordId())));
      JsonObject page = await(http.get(fleet.httpPort(), "127.0.0.1", "/api/records?deviceId=kiosk-e2e")
          .bearerTokenAuthentication(admin).send())
          .bodyAsJsonObject();
      assertThat(page.getJsonArray("items").getJsonObject(0).getString("recordId")).isEqualTo(record.recordId());
      assertThat(fleet.pipeline().stats().stored()).isEqualTo(1);
    } finally {
      if (mqtt.isConnected()) {
        mqtt.disconnect();
      }
      mqtt.close();
      http.close();
      await(vertx.undeploy(deployment), BROKER_TIMEOUT);
    }
  }

  @Test
  void failed_start_reports_the_cause_and_leaves_nothing_running(Vertx vertx) {
    // A store path that is a directory cannot be opened: the broker must never start.
    FleetConfig config = FleetConfig.defaults()
        .withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir);

    Throwable err = org.doorstep.fleet.testing.Futures.failure(vertx.deployVerticle(new FleetVerticle(config)));

    assertThat(err).hasMessageContaining("sqlite");
  }
}
