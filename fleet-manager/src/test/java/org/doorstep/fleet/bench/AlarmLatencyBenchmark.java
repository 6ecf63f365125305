package org.doorstep.fleet.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.FleetHttps;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * Alarm latency: from a kiosk's state message to the alarm being visible through the API. N simulated
 * kiosks (Paho MQTT 5 clients) on a real fleet (embedded HiveMQ, SQLite, HTTPS API) publish, all at
 * once, a state with the printer out of paper, then one with paper back; for each publish, a client
 * asks {@code GET /api/alarms?device=…&type=PAPER_OUT&state=ACTIVE_UNACK} back to back until the
 * answer shows the change (alarm present, then gone), pausing {@value #POLL_PAUSE_MS} ms between polls. The figure is the time from the publish call to
 * that answer: p50, p95, p99 over every publish of every round. Kiosks, broker, fleet and pollers share
 * the machine.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install && ./mvnw -B -q -Pbench -pl fleet-manager test-compile exec:exec \
 *     -Dbench.main=org.doorstep.fleet.bench.AlarmLatencyBenchmark -Dbench.args="--kiosks 50 --rounds 10"
 * </pre>
 */
public final class AlarmLatencyBenchmark {
  private static final Vertx VERTX = Vertx.vertx();

  private AlarmLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int kiosks = 50;
    int rounds = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--kiosks" -> kiosks = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--kiosks N --rounds N)");
      }
    }
    Path dir = Files.createTempDirectory("doorstep-alarm-bench");
    Vertx vertx = VERTX;
    FleetVerticle fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker")).withSqlite(dir.resolve("fleet.db")));
    vertx.deployVerticle(fleet).await();
    String token = TestOperators.token(fleet.stores().operators(), Role.FLEET_OPERATOR, "86");
    WebClient https = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
    List<TestKiosk> all = new ArrayList<>();
    List<MqttAsyncClient> clients = new ArrayList<>();
    for (int k = 0; k < kiosks; k++) {
      TestKiosk tk = TestKiosk.create("bench-alarm-" + k);
      fleet.devices().register(tk.deviceId(), tk.publicKeyPem(), "4401" + String.format("%02d", k % 20)).await();
      MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + fleet.brokerPort(), tk.deviceId(), new MemoryPersistence());
      c.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
      all.add(tk);
      clients.add(c);
    }
    System.out.printf("alarm latency bench: kiosks=%d rounds=%d cores=%d%n", kiosks, rounds,
        Runtime.getRuntime().availableProcessors());
    List<Double> ms = Collections.synchronizedList(new ArrayList<>());
    for (int r = 0; r < rounds * 2; r++) {
      boolean out = r % 2 == 0;
      List<Future<Double>> waits = new ArrayList<>();
      for (int k = 0; k < kiosks; k++) {
        TestKiosk tk = all.get(k);
        DeviceState s = new DeviceState(tk.deviceId(), true, "0.1.0", 1, Map.of("printer", out ? "HWERROR" : "ONLINE"), 0,
            Instant.now(), out ? Map.of("printer", "PAPER_OUT") : Map.of(), Optional.empty());
        long t0 = System.nanoTime();
        clients.get(k).publish(tk.stateTopic(), WireCodec.encodeUnsigned(MessageType.STATE, s), 1, false);
        waits.add(until(https, fleet.httpPort(), token, tk.deviceId(), out, t0));
      }
      for (Future<Double> w : waits) {
        ms.add(w.await());
      }
    }
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    System.out.printf("  %d samples: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", sorted.size(),
        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.get(sorted.size() - 1));
    System.out.println("  loadavg: " + Files.readString(Path.of("/proc/loadavg")).strip());
    for (MqttAsyncClient c : clients) {
      c.disconnect().waitForCompletion(5_000);
      c.close();
    }
    https.close();
    vertx.close().await();
  }

  /** Asks the API back to back until PAPER_OUT of {@code device} is (or is no longer) active; ms since {@code t0}. */
  private static Future<Double> until(WebClient https, int port, String token, String device, boolean present, long t0) {
    Promise<Double> done = Promise.promise();
    poll(https, port, token, device, present, t0, done);
    return done.future();
  }

  /** Pause between two polls of one kiosk's alarm: bounds the pollers' own load; it is the figures' resolution. */
  static final long POLL_PAUSE_MS = 5;

  private static void poll(WebClient https, int port, String token, String device, boolean present, long t0,
      Promise<Double> done) {
    https.get(port, "127.0.0.1", "/api/alarms?device=" + device + "&type=PAPER_OUT&state=ACTIVE_UNACK")
        .bearerTokenAuthentication(token).send().onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200
              && ar.result().bodyAsJsonObject().getJsonArray("items").isEmpty() != present) {
            done.complete((System.nanoTime() - t0) / 1e6);
          } else if ((System.nanoTime() - t0) > 30_000_000_000L) {
            done.fail("no answer showing the change within 30 s for " + device);
          } else {
            // A short pause, so that the pollers measure the fleet rather than queue behind each other.
            VERTX.setTimer(POLL_PAUSE_MS, id -> poll(https, port, token, device, present, t0, done));
          }
        });
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
