package org.doorstep.fleet.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.store.RecordSummary;
import org.doorstep.fleet.store.StoredRecord;
import org.doorstep.fleet.testing.FleetHttps;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;

/**
 * The console's API on PostgreSQL at province-like size: a fleet on the machine's PostgreSQL (127.0.0.1:5432,
 * database {@code test}, user {@code postgres}, a schema of its own, dropped afterwards) holding {@code --devices}
 * registered terminals (each with a state) in 20 counties of two cities, and {@code --records} records spread over the
 * last 365 days, stored through the fleet's own batch path (bodies sealed like ingested ones). Then, one request at a
 * time over HTTPS, each call the console pages make ({@code fleet-web/console/pages}) is timed {@code --requests}
 * times: p50, p95, p99, max, and the answer's size. The fleet, PostgreSQL and the client share the machine.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install && ./mvnw -B -q -Pbench -pl fleet-manager test-compile exec:exec \
 *     -Dbench.main=org.doorstep.fleet.bench.ConsoleApiBenchmark \
 *     -Dbench.args="--devices 10000 --records 1000000 --requests 200"
 * </pre>
 */
public final class ConsoleApiBenchmark {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";
  private static final int BATCH = 1000;

  private ConsoleApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int devices = 10_000;
    int records = 1_000_000;
    int requests = 200;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--devices" -> devices = Integer.parseInt(args[i + 1]);
        case "--records" -> records = Integer.parseInt(args[i + 1]);
        case "--requests" -> requests = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--devices N --records N --requests N)");
      }
    }
    String schema = "doorstep_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
        .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Path dir = Files.createTempDirectory("doorstep-console-bench");
    Vertx vertx = Vertx.vertx();
    try {
      FleetVerticle fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
          .withEmbeddedBroker(0, dir.resolve("broker"))
          .withPostgresql(SERVER + "?currentSchema=" + schema, USER, ""));
      vertx.deployVerticle(fleet).await();
      System.out.printf("console API bench: devices=%d records=%d requests=%d cores=%d, PostgreSQL schema %s%n",
          devices, records, requests, Runtime.getRuntime().availableProcessors(), schema);
      List<String> ids = seedDevices(fleet, devices);
      String someRecord = seedRecords(fleet, ids, records);
      // A fleet that has run a while has its statistics (autovacuum analyses the tables); right after a bulk load
      // the planner would still believe the tables empty and pick plans no running fleet gets.
      try (Connection c = DriverManager.getConnection(SERVER + "?currentSchema=" + schema, USER, "");
           Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }

      WebClient https = FleetHttps.client(vertx, fleet.serverIdentity().trusted().get(0));
      String national = TestOperators.token(fleet.stores().operators(), Role.ADMIN, "86");
      String county = TestOperators.token(fleet.stores().operators(), Role.FLEET_OPERATOR, "440104");
      String since = Instant.now().minus(Duration.ofHours(24)).toString();
      Map<String, String[]> calls = new LinkedHashMap<>();
      calls.put("device counts, national (overview)", new String[] {national, "/api/devices/counts"});
      calls.put("device counts, one county (overview)", new String[] {county, "/api/devices/counts"});
      calls.put("devices, national, first page of 50 (device list)", new String[] {national, "/api/devices"});
      calls.put("devices, one county, first page", new String[] {county, "/api/devices"});
      calls.put("devices, page at offset " + devices / 2, new String[] {national, "/api/devices?offset=" + devices / 2});
      calls.put("devices, status=offline (none: total 0)", new String[] {national, "/api/devices?status=offline"});
      calls.put("devices, search q=00042", new String[] {national, "/api/devices?q=00042"});
      calls.put("devices, page of 500", new String[] {national, "/api/devices?limit=500"});
      calls.put("one device (device page)", new String[] {national, "/api/devices/" + ids.get(7)});
      calls.put("records, first page of 50", new String[] {national, "/api/records?limit=50"});
      calls.put("records, one county, first page", new String[] {county, "/api/records?limit=50"});
      calls.put("records of one device (device page)", new String[] {national, "/api/records?deviceId=" + ids.get(7)
          + "&limit=10"});
      calls.put("records, last 24 h, page of 500 (overview chart)", new String[] {national, "/api/records?from="
          + since + "&limit=500"});
      calls.put("records, page at offset 100000", new String[] {national, "/api/records?limit=50&offset=100000"});
      calls.put("one record (record view)", new String[] {national, "/api/records/" + someRecord});
      calls.put("alarm counts (overview)", new String[] {national, "/api/alarms/counts"});
      calls.put("active alarms, first page", new String[] {national, "/api/alarms?state=ACTIVE_UNACK"});
      System.out.printf("  %-52s %9s %9s %9s %9s %10s%n", "call", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes");
      for (Map.Entry<String, String[]> call : calls.entrySet()) {
        List<Double> ms = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < 3; i++) {
          get(https, fleet.httpPort(), call.getValue()[0], call.getValue()[1]);   // warm-up
        }
        for (int i = 0; i < requests; i++) {
          long t0 = System.nanoTime();
          HttpResponse<Buffer> r = get(https, fleet.httpPort(), call.getValue()[0], call.getValue()[1]);
          ms.add((System.nanoTime() - t0) / 1e6);
          if (r.statusCode() != 200) {
            throw new IllegalStateException(call.getKey() + ": HTTP " + r.statusCode() + " " + r.bodyAsString());
          }
          bytes = r.body() == null ? 0 : r.body().length();
        }
        Collections.sort(ms);
        System.out.printf("  %-52s %9.1f %9.1f %9.1f %9.1f %10d%n", call.getKey(), pct(ms, 50), pct(ms, 95),
            pct(ms, 99), ms.get(ms.size() - 1), bytes);
      }
      System.out.println("  loadavg: " + Files.readString(Path.of("/proc/loadavg")).strip());
      https.close();
    } finally {
      vertx.close().await();
      try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static HttpResponse<Buffer> get(WebClient https, int port, String token, String path) {
    return https.get(port, "127.0.0.1", path).bearerTokenAuthentication(token).send().await();
  }

  /** Registers {@code n} terminals in 20 counties of Guangzhou and Shenzhen, each with an online state. */
  private static List<String> seedDevices(FleetVerticle fleet, int n) {
    long t0 = System.nanoTime();
    String pem = TestKiosk.create("bench-key").publicKeyPem();
    List<String> ids = new ArrayList<>(n);
    List<Future<?>> pending = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String id = String.format("kiosk-%05d", k);
      String region = (k % 2 == 0 ? "4401" : "4403") + String.format("%02d", 1 + (k / 2) % 10);
      ids.add(id);
      Instant at = Instant.now();
      pending.add(fleet.devices().register(id, pem, region).compose(v -> fleet.stores().devices().saveState(id, true,
          "{\"deviceId\":\"" + id + "\",\"online\":true,\"agentVersion\":\"0.1.0\",\"configVersion\":1,"
          + "\"peripherals\":{\"printer\":\"ONLINE\",\"idCardReader\":\"ONLINE\",\"camera\":\"ONLINE\"},"
          + "\"outboxPending\":0,\"reportedAt\":\"" + at + "\"}", at)));
      if (pending.size() == 200) {
        Future.all(pending).await();
        pending.clear();
      }
    }
    Future.all(pending).await();
    System.out.printf("  seeded %d devices in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    return ids;
  }

  /** Stores {@code n} records round-robin over the devices, captured over the last 365 days; one record id back. */
  private static String seedRecords(FleetVerticle fleet, List<String> ids, int n) {
    long t0 = System.nanoTime();
    Instant now = Instant.now();
    long span = Duration.ofDays(365).toMillis();
    String someId = null;
    long[] seq = new long[ids.size()];
    for (int done = 0; done < n; done += BATCH) {
      List<StoredRecord> batch = new ArrayList<>(BATCH);
      for (int i = done; i < Math.min(n, done + BATCH); i++) {
        int d = i % ids.size();
        String device = ids.get(d);
        String recordId = UUID.randomUUID().toString();
        Instant captured = now.minusMillis(span - (span * (long) i / n));
        String idNumber = String.format("440104195%09d", i % 1_000_000_000L).substring(0, 17) + "X";
        RecordSummary s = new RecordSummary(recordId, device, ++seq[d], "certification", "SELF",
            i % 20 == 0 ? "NOT_CERTIFIED" : "CERTIFIED", "RESIDENT", idNumber.substring(0, 3) + "*".repeat(11) + idNumber.substring(14), captured, captured, 1);
        String body = "{\"agentVersion\":\"0.1.0\",\"capturedAt\":\"" + captured + "\",\"configVersion\":1,"
            + "\"deviceId\":\"" + device + "\",\"evidence\":[{\"kind\":\"face-image\",\"sha256\":\""
            + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"size\":14336}],"
            + "\"liveness\":{\"challenges\":[{\"durationMs\":1830,\"kind\":\"BLINK\",\"passed\":true}],\"passed\":true,"
            + "\"scoreMilli\":912,\"thresholdMilli\":700},\"match\":{\"passed\":true,\"reference\":\"id-card-photo\","
            + "\"scoreMilli\":734,\"thresholdMilli\":600},\"mode\":\"SELF\",\"outcome\":\"" + s.outcome() + "\","
            + "\"recordId\":\"" + recordId + "\",\"seq\":" + s.seq() + ",\"service\":\"certification\","
            + "\"subject\":{\"cardType\":\"RESIDENT\",\"idNumber\":\"" + idNumber + "\",\"name\":\"张三\"}}";
        batch.add(new StoredRecord(s, body, "{\"alg\":\"Ed25519\",\"kid\":\"06e3fd8fda29bb60\",\"value\":\"bench\"}"));
        someId = recordId;
      }
      fleet.stores().records().storeBatch(batch).await();
      if ((done / BATCH) % 100 == 99) {
        System.out.printf("  ... %d records, %.0f /s%n", done + BATCH, (done + BATCH) / ((System.nanoTime() - t0) / 1e9));
      }
    }
    System.out.printf("  seeded %d records in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    return someId;
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
