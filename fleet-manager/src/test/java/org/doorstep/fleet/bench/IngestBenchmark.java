package org.doorstep.fleet.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.doorstep.config.contract.Ack;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.transport.NoDelaySocketFactory;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestTls;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Fleet ingest end to end: many simulated kiosks publish signed records at QoS 1 at once; the figure
 * is records per second from the first publish to the last ack (publish → verified → stored in
 * SQLite → acked back to the kiosk). Records are signed before the clock starts (kiosks sign one
 * record per resident; that is not the fleet's cost). Kiosks re-send whatever is not acked, as real
 * agents do, so "lost" must end at zero whatever the broker drops.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install && ./mvnw -B -q -Pbench -pl fleet-manager test-compile exec:exec \
 *     -Dbench.main=org.doorstep.fleet.bench.IngestBenchmark \
 *     -Dbench.args="--broker embedded --kiosks 20 --records 1000 --algorithm Ed25519 --tls on"
 * </pre>
 * {@code --broker mosquitto} uses the machine's Mosquitto at 127.0.0.1:1883 (shared subscription,
 * plaintext only). {@code --tls on} (embedded only): the kiosks connect to the mutual-TLS listener
 * with certificates from the fleet's TLS CA (TLS 1.3, Ed25519), through device authentication and the
 * topic ACL, as in production; {@code --tls off} (default) uses the plaintext development listener.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    String broker = a.getOrDefault("--broker", "embedded");
    int kiosks = Integer.parseInt(a.getOrDefault("--kiosks", "20"));
    int perKiosk = Integer.parseInt(a.getOrDefault("--records", "1000"));
    SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(a.getOrDefault("--algorithm", "Ed25519"));
    int total = kiosks * perKiosk;
    boolean tls = a.getOrDefault("--tls", "off").equals("on");
    if (tls && broker.equals("mosquitto")) {
      throw new IllegalArgumentException("--tls on: embedded broker only (Mosquitto over TLS: MosquittoTlsInteropIT)");
    }

    Path dir = Files.createTempDirectory("doorstep-ingest-bench");
    String run = UUID.randomUUID().toString().substring(0, 8);
    FleetConfig cfg = FleetConfig.defaults().withHttpPort(0).withSqlite(dir.resolve("fleet.db"));
    cfg = broker.equals("mosquitto")
        ? cfg.withExternalBroker("tcp://127.0.0.1:1883", "bench-fleet-" + run, "bench-" + run)
        : tls ? cfg.withEmbeddedTlsBroker(0, dir.resolve("broker")).withEmbeddedQueueLimit(100_000)
        : cfg.withEmbeddedBroker(0, dir.resolve("broker")).withEmbeddedQueueLimit(100_000);
    if (a.containsKey("--linger-ms") || a.containsKey("--verify-threads")) {
      FleetConfig.Ingest i = cfg.ingest();
      cfg = cfg.withIngest(new FleetConfig.Ingest(i.batchSize(),
          Long.parseLong(a.getOrDefault("--linger-ms", Long.toString(i.lingerMs()))), i.queueCapacity(),
          Integer.parseInt(a.getOrDefault("--verify-threads", Integer.toString(i.verifyThreads())))));
    }
    Vertx vertx = Vertx.vertx();
    FleetVerticle fleet = new FleetVerticle(cfg);
    vertx.deployVerticle(fleet).await();
    String url = broker.equals("mosquitto") ? "tcp://127.0.0.1:1883"
        : tls ? "ssl://localhost:" + fleet.brokerTlsPort() : "tcp://127.0.0.1:" + fleet.brokerPort();

    System.out.printf("ingest bench: broker=%s tls=%s kiosks=%d records/kiosk=%d algorithm=%s batch=%d linger=%d ms cores=%d%n",
        broker, tls ? "mTLS 1.3" : "off", kiosks, perKiosk, alg.wireName(), cfg.ingest().batchSize(), cfg.ingest().lingerMs(),
        Runtime.getRuntime().availableProcessors());
    List<Kiosk> all = new ArrayList<>();
    long signStart = System.nanoTime();
    for (int k = 0; k < kiosks; k++) {
      TestKiosk tk = TestKiosk.create("bench-" + run + "-" + k, alg);
      fleet.devices().register(tk.deviceId(), tk.publicKeyPem(), "440103").await();
      all.add(new Kiosk(tk, perKiosk, url, tls ? TestTls.device(fleet.tlsCa(), tk.deviceId()) : null));
    }
    double signSecs = (System.nanoTime() - signStart) / 1e9;
    System.out.printf("  pre-signed %d records in %.1f s (%.0f signs/s, one thread, incl. key generation)%n",
        total, signSecs, total / signSecs);
    for (Kiosk k : all) {
      k.connect();
    }

    IngestStats before = fleet.pipeline().stats();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    jdk.jfr.Recording jfr = null;
    if (a.containsKey("--jfr")) { // profile only the measured window
      jfr = new jdk.jfr.Recording(a.containsKey("--jfc") ? jdk.jfr.Configuration.create(Path.of(a.get("--jfc"))) : jdk.jfr.Configuration.getConfiguration("profile"));
      jfr.setDestination(Path.of(a.get("--jfr")));
      jfr.start();
    }
    Map<String, Long> threads0 = threadCpu();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    List<Thread> publishers = new ArrayList<>();
    for (Kiosk k : all) {
      Thread t = new Thread(k::publishAll, "pub-" + k.kiosk.deviceId());
      t.start();
      publishers.add(t);
    }
    for (Thread t : publishers) {
      t.join();
    }
    // Re-send rounds, as agents do on their ack timeout.
    long resends = 0;
    for (int round = 0; round < 20 && !allAcked(all); round++) {
      waitQuiet(all, Duration.ofSeconds(3));
      if (allAcked(all)) {
        break;
      }
      for (Kiosk k : all) {
        resends += k.resendUnacked();
      }
    }
    long t1 = Math.max(lastAck(all), t0);
    long cpu1 = os.getProcessCpuTime();
    Map<String, Long> threads1 = threadCpu();
    if (jfr != null) {
      jfr.stop();
      jfr.close();
    }
    IngestStats after = fleet.pipeline().stats();
    long acked = all.stream().mapToLong(k -> k.acked.size()).sum();
    double secs = (t1 - t0) / 1e9;
    System.out.printf("  end to end: %d/%d records acked in %.2f s = %.0f records/s%n", acked, total, secs, acked / secs);
    System.out.printf("  stored new %d, duplicates %d, rejected %d, dropped by pipeline %d, re-sent by kiosks %d, lost %d%n",
        after.stored() - before.stored(), after.duplicates() - before.duplicates(),
        after.rejectedTotal() - before.rejectedTotal(), after.dropped() - before.dropped(), resends, total - acked);
    System.out.printf("  CPU of this JVM (kiosks + broker + fleet) during the run: %.2f cores busy, %.0f us per record%n",
        (cpu1 - cpu0) / (double) (t1 - t0), (cpu1 - cpu0) / 1e3 / Math.max(1, acked));
    System.out.println("  CPU by thread group, us per record (JVM threads only; GC and JIT not included):");
    threads1.forEach((group, nanos) -> {
      double us = (nanos - threads0.getOrDefault(group, 0L)) / 1e3 / Math.max(1, acked);
      if (us >= 1) {
        System.out.printf("    %-32s %6.0f%n", group, us);
      }
    });
    System.out.printf("  batches %d (avg %.0f records/batch)%n", after.batches() - before.batches(),
        (after.stored() - before.stored() + after.duplicates() - before.duplicates())
            / (double) Math.max(1, after.batches() - before.batches()));
    for (Kiosk k : all) {
      k.close();
    }
    vertx.close().await();
    System.exit(acked == total ? 0 : 1);
  }

  /** CPU time per thread group (thread names with digits folded), from ThreadMXBean. */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long t = mx.getThreadCpuTime(info.getThreadId());
      if (t > 0) {
        String group = info.getThreadName().replaceAll("bench-[0-9a-f]+-[0-9]+", "kiosk").replaceAll("[0-9]+", "N");
        groups.merge(group, t, Long::sum);
      }
    }
    return groups;
  }

  private static boolean allAcked(List<Kiosk> all) {
    return all.stream().allMatch(k -> k.acked.size() == k.records.size());
  }

  private static long lastAck(List<Kiosk> all) {
    return all.stream().mapToLong(k -> k.lastAckNanos.get()).max().orElse(0);
  }

  /** Waits until every kiosk is acked or no ack arrived for {@code quiet}. */
  private static void waitQuiet(List<Kiosk> all, Duration quiet) throws InterruptedException {
    while (!allAcked(all)) {
      long last = lastAck(all);
      Thread.sleep(100); // a harness polling its own counters, not a test
      if (lastAck(all) == last && System.nanoTime() - last > quiet.toNanos()) {
        return;
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      m.put(args[i], args[i + 1]);
    }
    return m;
  }

  /** One simulated kiosk: its pre-signed records, its MQTT client, its acks. */
  private static final class Kiosk {
    final TestKiosk kiosk;
    final Map<String, byte[]> records = new LinkedHashMap<>();
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong lastAckNanos = new AtomicLong();
    final MqttAsyncClient client;
    Semaphore window;
    final TlsIdentity tls;

    Kiosk(TestKiosk kiosk, int n, String url, TlsIdentity tls) throws Exception {
      this.kiosk = kiosk;
      this.tls = tls;
      Instant t = Instant.parse("2026-11-23T08:00:00Z");
      for (int i = 1; i <= n; i++) {
        CertificationRecord r = kiosk.record(i, "certification", t.plusSeconds(i));
        records.put(r.recordId(), kiosk.signed(r));
      }
      client = new MqttAsyncClient(url, kiosk.deviceId(), new MemoryPersistence());
    }

    void connect() throws Exception {
      MqttConnectionOptions o = tls != null ? TestTls.options(tls) : new MqttConnectionOptions();
      o.setCleanStart(true);
      if (tls == null) {
        o.setSocketFactory(NoDelaySocketFactory.INSTANCE);
      }
      IMqttToken tok = client.connect(o);
      tok.waitForCompletion(30_000);
      Integer rm = tok.getResponseProperties() == null ? null : tok.getResponseProperties().getReceiveMaximum();
      window = new Semaphore(Math.max(1, Math.min(rm == null ? 10 : rm, 100) - 1));
      client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
        @Override
        public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage msg) {
          Ack ack = WireCodec.decode(msg.getPayload()).bodyAs(Ack.class);
          acked.addAll(ack.stored());
          lastAckNanos.set(System.nanoTime());
        }

        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

        @Override
        public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
      });
      client.subscribe(new MqttSubscription[] {new MqttSubscription(kiosk.acksTopic(), 1)}).waitForCompletion(30_000);
    }

    void publishAll() {
      records.values().forEach(this::publish);
    }

    long resendUnacked() {
      long n = 0;
      for (Map.Entry<String, byte[]> e : records.entrySet()) {
        if (!acked.contains(e.getKey())) {
          publish(e.getValue());
          n++;
        }
      }
      return n;
    }

    private void publish(byte[] payload) {
      try {
        window.acquire();
        client.publish(kiosk.recordsTopic(), payload, 1, false, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            window.release();
          }
        });
      } catch (Exception e) {
        window.release();
      }
    }

    void close() {
      try {
        client.disconnect().waitForCompletion(5000);
        client.close();
      } catch (Exception ignored) {
        // bench teardown
      }
    }
  }
}
