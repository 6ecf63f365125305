package org.doorstep.fleet.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.doorstep.config.crypto.TlsIdentity;
import org.doorstep.config.transport.NoDelaySocketFactory;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestTls;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Connections per second at the embedded broker, from a minimal MQTT client ({@link #connectOnce}):
 * each one a TCP connect, a TLS 1.3 handshake with
 * the device's Ed25519 client certificate ({@code --tls on}) and MQTT CONNECT → CONNACK through the
 * broker's device authentication (certificate check, registry lookup), then DISCONNECT. Clients run
 * in the same JVM ({@code --threads} at once), so client and broker share the CPU.
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl fleet-manager test-compile exec:exec \
 *     -Dbench.main=org.doorstep.fleet.bench.HandshakeBenchmark -Dbench.args="--tls on --connects 2000 --threads 4"
 * </pre>
 */
public final class HandshakeBenchmark {
  private static final AtomicLong CONNECT_NANOS = new AtomicLong();

  private HandshakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    boolean tls = a.getOrDefault("--tls", "on").equals("on");
    int connects = Integer.parseInt(a.getOrDefault("--connects", "2000"));
    int threads = Integer.parseInt(a.getOrDefault("--threads", "4"));
    int devices = Integer.parseInt(a.getOrDefault("--devices", "50"));
    if (devices < threads) {
      throw new IllegalArgumentException("--devices must be at least --threads");
    }
    int warmup = Integer.parseInt(a.getOrDefault("--warmup", "300"));

    Path dir = Files.createTempDirectory("doorstep-handshake-bench");
    FleetConfig cfg = FleetConfig.defaults().withHttpPort(0).withSqlite(dir.resolve("fleet.db"));
    cfg = tls ? cfg.withEmbeddedTlsBroker(0, dir.resolve("broker")) : cfg.withEmbeddedBroker(0, dir.resolve("broker"));
    Vertx vertx = Vertx.vertx();
    FleetVerticle fleet = new FleetVerticle(cfg);
    vertx.deployVerticle(fleet).await();
    String url = tls ? "ssl://localhost:" + fleet.brokerTlsPort() : "tcp://127.0.0.1:" + fleet.brokerPort();
    List<String> ids = new ArrayList<>();
    List<MqttConnectionOptions> options = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      TestKiosk k = TestKiosk.create("hs-" + i);
      fleet.devices().register(k.deviceId(), k.publicKeyPem(), "440103").await();
      ids.add(k.deviceId());
      TlsIdentity id = TestTls.device(fleet.tlsCa(), k.deviceId());
      MqttConnectionOptions o = tls ? TestTls.options(id) : new MqttConnectionOptions();
      if (!tls) {
        o.setSocketFactory(NoDelaySocketFactory.INSTANCE);
      }
      o.setCleanStart(true);
      options.add(o);
    }
    System.out.printf("handshake bench: %s, %d connects, %d client threads, %d devices, cores=%d%n",
        tls ? "mTLS 1.3 (Ed25519 certificates) + device authentication" : "plaintext listener", connects, threads,
        devices, Runtime.getRuntime().availableProcessors());
    run(url, ids, options, warmup, threads); // JIT, HiveMQ and registry caches
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    CONNECT_NANOS.set(0);
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long failed = run(url, ids, options, connects, threads);
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    double secs = (t1 - t0) / 1e9;
    System.out.printf("  %d connects (CONNECT→CONNACK + DISCONNECT) in %.2f s = %.0f connections/s, %d failed%n",
        connects, secs, connects / secs, failed);
    System.out.printf("  per connection (client view, %d at once): TCP + TLS + CONNECT→CONNACK + DISCONNECT %.2f ms mean%n",
        threads, CONNECT_NANOS.get() / 1e6 / connects);
    System.out.printf("  CPU of this JVM (clients + broker): %.2f cores busy, %.0f us per connection%n",
        (cpu1 - cpu0) / (double) (t1 - t0), (cpu1 - cpu0) / 1e3 / connects);
    vertx.close().await();
    System.exit(0);
  }

  private static long run(String url, List<String> ids, List<MqttConnectionOptions> options, int connects, int threads)
      throws InterruptedException {
    java.net.URI uri = java.net.URI.create(url);
    AtomicInteger next = new AtomicInteger();
    AtomicLong failed = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int slot = t;
      Thread w = new Thread(() -> {
        // Each thread cycles through its own devices (d % threads == slot), so no two threads use
        // one client id at once.
        int own = Math.max(1, ids.size() / threads);
        int k = 0;
        while (next.getAndIncrement() < connects) {
          int d = slot + threads * (k++ % own);
          try {
            long a0 = System.nanoTime();
            int code = connectOnce(uri, ids.get(d), options.get(d).getSocketFactory());
            CONNECT_NANOS.addAndGet(System.nanoTime() - a0);
            if (code != 0) {
              failed.incrementAndGet();
            }
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
      }, "hs-" + t);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    return failed.get();
  }

  /**
   * One connection with a minimal MQTT 5 client (a Paho client per connection spends ~0.4 s in its
   * own thread start-up and shutdown, which would hide the broker): TCP (+ TLS handshake when the
   * factory is a TLS one), CONNECT with clean start, read the CONNACK, DISCONNECT, close.
   *
   * @return the CONNACK reason code (0 = success)
   */
  static int connectOnce(java.net.URI uri, String clientId, javax.net.SocketFactory factory) throws java.io.IOException {
    try (java.net.Socket s = factory.createSocket()) {
      s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
      s.setSoTimeout(10_000);
      if (s instanceof javax.net.ssl.SSLSocket ssl) {
        ssl.startHandshake();
      }
      byte[] id = clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0}); // v5, clean start, keep-alive 60, no properties
      body.write(id.length >> 8);
      body.write(id.length & 0xFF);
      body.writeBytes(id);
      java.io.OutputStream out = s.getOutputStream();
      out.write(0x10);
      out.write(body.size()); // < 128 for device ids of up to 64 characters
      out.write(body.toByteArray());
      out.flush();
      java.io.InputStream in = s.getInputStream();
      int type = in.read();
      int len = in.read();
      byte[] connack = in.readNBytes(len);
      if (type != 0x20 || connack.length < 2) {
        throw new java.io.IOException("no CONNACK (got packet type 0x" + Integer.toHexString(type) + ")");
      }
      out.write(new byte[] {(byte) 0xE0, 0});
      out.flush();
      return connack[1] & 0xFF;
    }
  }
}
