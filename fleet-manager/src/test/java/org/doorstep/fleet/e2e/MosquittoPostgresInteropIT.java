package org.doorstep.fleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.contract.WireMessage;
import org.doorstep.config.crypto.Keys;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.store.RecordQuery;
import org.doorstep.fleet.store.RecordSummary;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent → fleet flow through the machine's services instead of the embedded defaults: the
 * kiosk publishes to Mosquitto (127.0.0.1:1883), the fleet ingests through a shared subscription
 * and stores into PostgreSQL (127.0.0.1:5432, database {@code test}, a schema of its own), and an
 * independent client, {@code mosquitto_sub}, sees the signed record on the wire.
 *
 * <p>Runs only with {@code -Pinterop}; fails naming what is missing when a service is not there.
 */
class MosquittoPostgresInteropIT {
  private static final String MOSQUITTO = "tcp://127.0.0.1:1883";
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
  private final String deviceId = "interop-" + run;
  private final String schema = "doorstep_e2e_" + run;
  private Vertx vertx;
  private Process sub;

  @BeforeEach
  void requireServices() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 1883), 2000);
    } catch (IOException e) {
      fail("Mosquitto not reachable at 127.0.0.1:1883: apt-get install mosquitto / start it (" + e.getMessage() + ")");
    }
    try (Connection c = DriverManager.getConnection(PG, "postgres", "");
         Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      fail("PostgreSQL not reachable at 127.0.0.1:5432 (database test, user postgres): " + e.getMessage());
    }
    vertx = Vertx.vertx();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (sub != null) {
      sub.destroyForcibly();
    }
    if (vertx != null) {
      await(vertx.close(), START);
    }
    try (Connection c = DriverManager.getConnection(PG, "postgres", "");
         Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    // Leave no retained state of this run's device on the shared broker.
    MqttClient c = new MqttClient(MOSQUITTO, "cleanup-" + run, new MemoryPersistence());
    c.connect();
    c.publish(Topics.topic(deviceId, Topics.Channel.STATE), new byte[0], 1, true);
    c.disconnect();
    c.close();
  }

  @Test
  void record_flows_through_mosquitto_into_postgresql_and_is_visible_to_mosquitto_sub() throws Exception {
    FleetConfig config = FleetConfig.defaults()
        .withHttpPort(0)
        // With PostgreSQL the CA and key files live beside the (unused) embedded broker's folder: keep them in
        // the test's temporary folder, not in the working tree.
        .withEmbeddedTlsBroker(0, dir.resolve("fleet").resolve("broker"))
        // A group of this run's own, so that other fleets on the shared broker don't take our records.
        .withExternalBroker(MOSQUITTO, "fleet-" + run, "fleet-" + run)
        .withPostgresql(PG + "?currentSchema=" + schema, "postgres", "");
    FleetVerticle fleet = new FleetVerticle(config);
    await(vertx.deployVerticle(fleet), START);
    assertThat(fleet.records().kind()).isEqualTo("postgresql");

    String recordsTopic = Topics.topic(deviceId, Topics.Channel.RECORDS);
    CompletableFuture<String> onTheWire = watchWithMosquittoSub(recordsTopic);

    Path data = dir.resolve(deviceId);
    AgentVerticle kiosk = new AgentVerticle(
        TestAgents.config(deviceId, data, MOSQUITTO, Duration.ofSeconds(2), 50), TestAgents.fastOptions());
    await(vertx.deployVerticle(kiosk), START);
    await(fleet.devices().register(deviceId, Files.readString(DeviceKeys.publicKeyFile(data)), "440103"), START);

    String recordId = await(kiosk.certify(SampleResidents.ZHANG_SAN), START).recordId().orElseThrow();

    await().atMost(Duration.ofSeconds(30)).until(() -> await(kiosk.outboxPending()) == 0);
    List<RecordSummary> rows = await(fleet.records().findRecords(RecordQuery.all().withDevice(deviceId))).items();
    assertThat(rows).extracting(RecordSummary::recordId).containsExactly(recordId);

    String line = onTheWire.get(30, TimeUnit.SECONDS);
    WireMessage seen = WireCodec.decode(line.getBytes(StandardCharsets.UTF_8));
    assertThat(seen.type()).isEqualTo(MessageType.RECORD);
    assertThat(seen.bodyAs(CertificationRecord.class).recordId()).isEqualTo(recordId);
    assertThat(seen.verifiedBy(Keys.readKeyPair(data.resolve(DeviceKeys.PRIVATE_KEY_FILE)).getPublic())).isTrue();
  }

  /**
   * Starts {@code mosquitto_sub -d} on {@code topic} and returns once it holds its subscription; the
   * future completes with the first payload line.
   */
  private CompletableFuture<String> watchWithMosquittoSub(String topic) throws IOException, InterruptedException {
    boolean installed = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(d -> Files.isExecutable(Path.of(d, "mosquitto_sub")));
    if (!installed) {
      fail("mosquitto_sub not found on PATH: apt-get install mosquitto-clients");
    }
    try {
      // stdbuf -oL: mosquitto_sub's stdout is block-buffered on a pipe; we need each line as it comes.
      sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-d", "-V", "mqttv5", "-h", "127.0.0.1", "-p", "1883",
          "-q", "1", "-i", "sub-" + run, "-t", topic, "-C", "1", "-W", "60")
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("mosquitto_sub not found: apt-get install mosquitto-clients (" + e.getMessage() + ")");
    }
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    CompletableFuture<String> payload = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          if (l.contains("SUBACK")) {
            subscribed.complete(null);
          } else if (l.startsWith("{")) {
            payload.complete(l);
          }
        }
        payload.completeExceptionally(new AssertionError("mosquitto_sub ended without a payload"));
      } catch (IOException e) {
        payload.completeExceptionally(e);
      }
    }, "mosquitto_sub-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      subscribed.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("mosquitto_sub did not subscribe within 20 s: " + e);
    }
    return payload;
  }
}
