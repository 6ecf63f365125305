package org.doorstep.fleet.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.doorstep.config.bundle.ConfigBundleVerifier;
import org.doorstep.config.contract.CommandResult;
import org.doorstep.config.contract.MessageType;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.rollout.RolloutPlan;
import org.doorstep.fleet.rollout.RolloutService;
import org.doorstep.fleet.testing.TestKiosk;

/**
 * A config rolled out to {@code --kiosks} simulated kiosks (issue 12: 10,000, target under 10 s to 100 % applied).
 * Each kiosk is a lightweight MQTT client (Vert.x MQTT: all of them on one event loop pool, no thread each) with a
 * device key of its own, registered in a real fleet (embedded HiveMQ, SQLite). On its retained {@code config}
 * message it does what an agent does before applying: {@link ConfigBundleVerifier} (fleet signature, body, device id,
 * version, the whole document loaded and validated), then publishes its signed {@code config-<version> APPLIED}
 * report ({@code command-results}, wire-protocol §8.3). The figure is the time from {@code RolloutService.push}
 * (the version stored and signed, one wave of 100 %) to the rollout's view showing every device APPLIED; also the
 * time until the last kiosk sent its report, and the CPU the simulated kiosks' verification took (on real kiosks
 * that work runs in parallel on each terminal). Kiosks, broker and fleet share the machine.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install && ./mvnw -B -q -Pbench -pl fleet-manager test-compile exec:exec \
 *     -Dbench.main=org.doorstep.fleet.bench.RolloutBenchmark -Dbench.args="--kiosks 10000"
 * </pre>
 */
public final class RolloutBenchmark {
  private RolloutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int kiosks = 10_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--kiosks")) {
        kiosks = Integer.parseInt(args[i + 1]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i] + " (--kiosks N)");
      }
    }
    Path dir = Files.createTempDirectory("doorstep-rollout-bench");
    Vertx vertx = Vertx.vertx();
    FleetVerticle fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker")).withSqlite(dir.resolve("fleet.db")));
    vertx.deployVerticle(fleet).await();
    PublicKey fleetKey = Keys.readPublicKey(fleet.configKeyFile());
    System.out.printf("rollout bench: kiosks=%d cores=%d%n", kiosks, Runtime.getRuntime().availableProcessors());

    long t0 = System.nanoTime();
    List<TestKiosk> all = new ArrayList<>(kiosks);
    List<Future<?>> pending = new ArrayList<>();
    for (int k = 0; k < kiosks; k++) {
      TestKiosk tk = TestKiosk.create(String.format("bench-ro-%05d", k));
      all.add(tk);
      pending.add(fleet.devices().register(tk.deviceId(), tk.publicKeyPem(), "4401" + String.format("%02d", 1 + k % 10)));
      if (pending.size() == 500) {
        Future.all(pending).await();
        pending.clear();
      }
    }
    Future.all(pending).await();
    System.out.printf("  registered %d kiosks in %.1f s%n", kiosks, (System.nanoTime() - t0) / 1e9);

    ConfigLoader loader = ConfigLoader.withoutEnvironment();
    AtomicInteger applied = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicLong lastReportNanos = new AtomicLong();
    AtomicLong verifyCpuNanos = new AtomicLong();
    var threads = ManagementFactory.getThreadMXBean();
    List<MqttClient> clients = new ArrayList<>(kiosks);
    ConcurrentHashMap<String, Long> versionInForce = new ConcurrentHashMap<>();
    t0 = System.nanoTime();
    for (TestKiosk tk : all) {
      MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(tk.deviceId())
          .setCleanSession(true).setKeepAliveInterval(300).setMaxMessageSize(WireCodec.MAX_PAYLOAD_BYTES));
      ConfigBundleVerifier verifier = new ConfigBundleVerifier(fleetKey, tk.deviceId(), loader);
      c.publishHandler(m -> {
        long cpu0 = threads.getCurrentThreadCpuTime();
        ConfigBundleVerifier.Outcome o = verifier.verify(WireCodec.decode(m.payload().getBytes()),
            versionInForce.getOrDefault(tk.deviceId(), 0L));
        CommandResult result;
        if (o instanceof ConfigBundleVerifier.Accepted a) {
          versionInForce.put(tk.deviceId(), a.bundle().version());
          result = new CommandResult("config-" + a.bundle().version(), CommandResult.Status.DONE, "APPLIED");
          applied.incrementAndGet();
        } else {
          ConfigBundleVerifier.Refused r = (ConfigBundleVerifier.Refused) o;
          result = new CommandResult("config-0", CommandResult.Status.FAILED, r.reason() + ": " + r.detail());
          refused.incrementAndGet();
        }
        byte[] report = WireCodec.encodeSigned(MessageType.COMMAND_RESULT, result, tk.signer());
        verifyCpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu0);
        c.publish(Topics.topic(tk.deviceId(), Topics.Channel.COMMAND_RESULTS), Buffer.buffer(report),
            MqttQoS.AT_LEAST_ONCE, false, false);
        lastReportNanos.set(System.nanoTime());
      });
      clients.add(c);
      pending.add(c.connect(fleet.brokerPort(), "127.0.0.1")
          .compose(ack -> c.subscribe(Topics.topic(tk.deviceId(), Topics.Channel.CONFIG), MqttQoS.AT_LEAST_ONCE.value())));
      if (pending.size() == 200) {
        Future.all(pending).await();
        pending.clear();
      }
    }
    Future.all(pending).await();
    System.out.printf("  connected and subscribed %d kiosks in %.1f s%n", kiosks, (System.nanoTime() - t0) / 1e9);

    ObjectNode doc = WireCodec.mapper().createObjectNode();
    doc.putObject("policy").put("matchRetries", 2);
    long start = System.nanoTime();
    RolloutService.View started = fleet.rollouts().push(doc, "bench", RolloutPlan.allAtOnce(), "bench").await();
    String id = started.rollout().rolloutId();
    long pushed = System.nanoTime();
    long done = -1;
    while (System.nanoTime() - start < 600_000_000_000L) {
      RolloutService.View v = fleet.rollouts().view(id).await();
      long appliedAtFleet = v.devices().stream().filter(d -> d.status() == RolloutPlan.DeviceStatus.APPLIED).count();
      if (appliedAtFleet == kiosks) {
        done = System.nanoTime();
        break;
      }
      Thread.sleep(100);
    }
    System.out.printf("  push (store, sign, publish %d retained bundles): %.2f s%n", kiosks, (pushed - start) / 1e9);
    System.out.printf("  last kiosk report sent after %.2f s (%d applied, %d refused at the kiosks)%n",
        (lastReportNanos.get() - start) / 1e9, applied.get(), refused.get());
    System.out.printf("  100 %% APPLIED at the fleet after %s%n", done < 0 ? "NOT REACHED in 600 s"
        : String.format("%.2f s", (done - start) / 1e9));
    System.out.printf("  simulated kiosks' verify + sign CPU: %.2f s in all, %.2f ms per kiosk%n",
        verifyCpuNanos.get() / 1e9, verifyCpuNanos.get() / 1e6 / Math.max(1, applied.get() + refused.get()));
    System.out.println("  loadavg: " + Files.readString(Path.of("/proc/loadavg")).strip());
    for (MqttClient c : clients) {
      c.disconnect();
    }
    vertx.close().await();
  }
}
