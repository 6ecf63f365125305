package org.doorstep.agent.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.doorstep.agent.records.SignedRecord;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.EvidenceCipher;

/**
 * Agent outbox commits per second, WAL with {@code synchronous=FULL} against {@code NORMAL}: one
 * transaction per record (sequence allocated and record inserted atomically), through the real
 * {@link SqliteOutbox} on its single worker thread, on the project's disk. The payload is a
 * realistic 1.2 KiB signed envelope. Two shapes:
 * <ul>
 *   <li>sequential: commit, wait, commit (a kiosk serving one resident at a time: latency-bound);</li>
 *   <li>pipelined: many commits queued at once (a bank terminal or a replay: throughput-bound).</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install && ./mvnw -B -q -Pbench -pl agent test-compile exec:exec \
 *     -Dbench.main=org.doorstep.agent.bench.OutboxCommitBenchmark -Dbench.args="--records 5000 --runs 3 [--suite SM]"
 * </pre>
 */
public final class OutboxCommitBenchmark {
  private OutboxCommitBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 5000);
    int runs = intArg(args, "--runs", 3);
    byte[] payload = new byte[1200];
    Arrays.fill(payload, (byte) 'x');
    Vertx vertx = Vertx.vertx();
    // Payloads are sealed at rest (AES-256-GCM by default, SM4-GCM with --suite SM).
    CryptoSuite suite = CryptoSuite.valueOf(stringArg(args, "--suite", "STANDARD"));
    EvidenceCipher cipher = EvidenceCipher.of(suite, EvidenceCipher.generateKey(suite.cipherAlgorithm()));
    System.out.printf("outbox bench: %d records per run, %d runs, 1200-byte payloads sealed with %s%n", records, runs,
        cipher.algorithm());
    for (SqliteOutbox.Durability d : SqliteOutbox.Durability.values()) {
      for (boolean pipelined : new boolean[] {false, true}) {
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < runs + 1; run++) { // first run warms up the JIT
          Path dir = Files.createTempDirectory("outbox-bench");
          SqliteOutbox outbox = SqliteOutbox.open(vertx, dir, d, cipher).await();
          long t0 = System.nanoTime();
          if (pipelined) {
            List<Future<?>> all = new ArrayList<>(records);
            for (int i = 0; i < records; i++) {
              int n = i;
              all.add(outbox.commit(seq -> new SignedRecord("rec-" + n, seq, payload), Instant.now()));
            }
            Future.all(all).await();
          } else {
            for (int i = 0; i < records; i++) {
              int n = i;
              outbox.commit(seq -> new SignedRecord("rec-" + n, seq, payload), Instant.now()).await();
            }
          }
          double rate = records / ((System.nanoTime() - t0) / 1e9);
          if (run > 0) {
            rates.add(rate);
          }
          long pending = outbox.pendingCount().await();
          if (pending != records) {
            throw new IllegalStateException("expected " + records + " pending, found " + pending);
          }
          outbox.close().await();
        }
        rates.sort(Double::compare);
        System.out.printf("  synchronous=%-6s %-10s median %8.0f commits/s  (runs %s)%n", d,
            pipelined ? "pipelined" : "sequential", rates.get(rates.size() / 2),
            rates.stream().map(r -> String.format("%.0f", r)).toList());
      }
    }
    vertx.close().await();
  }

  private static String stringArg(String[] args, String name, String def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }

  private static int intArg(String[] args, String name, int def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return def;
  }
}
