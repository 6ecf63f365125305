package org.doorstep.agent.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.privacy.FileDataKeyStore;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.records.SqliteOutbox;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.vision.VisionFaceCheck;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.VisionOptions;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.match.FaceModels;
import org.doorstep.agent.vision.match.OpenCvFaceMatcher;
import org.doorstep.agent.vision.testing.SyntheticVideos;
import org.doorstep.agent.vision.testing.TestMedia;
import org.doorstep.config.crypto.EvidenceCipher;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.opencv.core.Core;

/**
 * The agent's memory footprint over many certifications (a harness, not a timed test: run it by hand; issue 11
 * "Footprint": after 200 certifications RSS ≤ 200 MB and flat over the last 100).
 *
 * <p>{@code --n} certifications (default 200) through the real {@link CertificationRunner}: the simulated card
 * reader, printer and auto-consenting screen, the real {@link VisionFaceCheck} on an MJPG .avi of a blinking face
 * ({@link SyntheticVideos}), the real {@link OpenCvFaceMatcher} against the card photo, the SQLite outbox and
 * evidence store under one data key. Every 10 certifications it prints the resident set size
 * ({@code /proc/self/status} VmRSS), the Java heap used and the number of threads; at the end the RSS slope over
 * the last 100 (least squares, MiB per 100 certifications), the wall time per certification and
 * {@code /proc/loadavg}. {@code --threads k} calls {@code Core.setNumThreads(k)} first (default: OpenCV's own).
 * {@code --video f.avi} keeps the synthesised video in {@code f} and reuses it on later runs, so that the
 * synthesis (which a kiosk never does) is not in their RSS. Set {@code MALLOC_ARENA_MAX} in the environment of the
 * command to see glibc's arenas, and JVM options in {@code JAVA_TOOL_OPTIONS}.
 *
 * <pre>
 * ./mvnw -B -q -o -Pbench -pl agent -am -Ddoorstep.target=target-bench test-compile exec:exec \
 *     -Dbench.main=org.doorstep.agent.bench.FootprintBenchmark \
 *     -Dbench.args="--models target-bench/models --video target-bench/resident.avi --n 200"
 * </pre>
 */
public final class FootprintBenchmark {
  private static final FlowPolicy POLICY = new FlowPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30), 700, 500, 2,
      ZoneId.of("Asia/Shanghai"), false, true, Duration.ofMinutes(5));
  private static final List<IdCard> CARDS = List.of(SampleResidents.ZHANG_SAN, SampleResidents.LI_SI,
      SampleResidents.WANG_WU);

  private FootprintBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = 200;
    int threads = Integer.MIN_VALUE;
    Path modelsDir = Path.of("target/models");
    Path video = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--models" -> modelsDir = Path.of(args[++i]);
        case "--video" -> video = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (known: --n <certifications>, --threads <OpenCV threads>, --models <folder>, --video <.avi>)");
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException("--n must be at least 1, was " + n);
    }
    System.out.printf("MALLOC_ARENA_MAX=%s, %d CPUs, load %s%n", System.getenv().getOrDefault("MALLOC_ARENA_MAX",
        "(unset)"), Runtime.getRuntime().availableProcessors(), loadavg());
    long rss0 = status("VmRSS:");
    VisionModels models = new VisionModels(modelsDir);
    if (!models.missing(VisionModels.ALL).isEmpty()) {
      throw new IllegalStateException("vision models missing in " + modelsDir.toAbsolutePath() + ": "
          + models.missing(VisionModels.ALL) + "; " + VisionModels.HOW_TO_GET);
    }
    TestMedia.openCv();
    if (threads != Integer.MIN_VALUE) {
      Core.setNumThreads(threads);
    }
    System.out.printf("OpenCV threads: %d%n", Core.getNumThreads());
    Path dir = Files.createTempDirectory("footprint-bench");
    if (video == null) {
      video = dir.resolve("resident.avi");
    }
    if (Files.isRegularFile(video)) {
      System.out.println("video " + video + " (made by an earlier run: its synthesis is not in this run's RSS)");
    } else {
      new SyntheticVideos(TestMedia.resident(), models).live(video, 15, 90, 18, 2.0, 7);
      System.out.println("video " + video + " synthesised in this process (its buffers count in the RSS)");
    }
    byte[] cardPhoto = TestMedia.bytes(TestMedia.ASTRONAUT);
    OpenCvFaceMatcher matcher = OpenCvFaceMatcher.load(FaceModels.in(modelsDir));

    Vertx vertx = Vertx.vertx();
    try {
      Context ctx = vertx.getOrCreateContext();
      EvidenceCipher.Algorithm aes = EvidenceCipher.Algorithm.AES_256_GCM;
      javax.crypto.SecretKey key = new FileDataKeyStore(vertx, dir).dataKey(aes).await();
      SqliteOutbox outbox = SqliteOutbox.open(vertx, dir, SqliteOutbox.Durability.NORMAL,
          new EvidenceCipher(aes, key)).await();
      SqliteEvidenceStore evidence = SqliteEvidenceStore.open(vertx, dir, new EvidenceCipher(aes, key),
          Clock.systemUTC()).await();
      RecordFactory records = new RecordFactory("kiosk-bench", 1, "bench",
          DeviceKeys.loadOrCreate(dir, SignatureAlgorithm.ED25519), Clock.systemUTC());
      VisionFaceCheck face = new VisionFaceCheck(vertx, OpenCvCamera.file(video, true),
          VisionOptions.of(models, LivenessPolicy.of(Duration.ofSeconds(10), 1)), matcher, g -> { });
      SimulatedIdCardReader reader = new SimulatedIdCardReader();
      CertificationRunner runner = new CertificationRunner(vertx, "kiosk-bench", new CertificationFlow(POLICY),
          reader, face, new SimulatedReceiptPrinter(POLICY.zone()), new AutoScreen(), outbox, evidence, records,
          List.of("BLINK"), 1, Clock.systemUTC(), Duration.ofMillis(20), Duration.ofMillis(50), e -> { }, s -> { });
      on(ctx, () -> {
        runner.start();
        return Future.succeededFuture();
      });
      long rssStart = status("VmRSS:");
      System.out.printf("RSS %d MiB before OpenCV, %d MiB with natives, models, video and stores%n", rss0 / 1024,
          rssStart / 1024);
      System.out.println("  cert   RSS MiB  heap MiB  threads  ms/cert(last 10)");
      double[] rss = new double[n];
      int certified = 0;
      long t0 = System.nanoTime();
      long tBlock = t0;
      for (int i = 0; i < n; i++) {
        IdCard c = CARDS.get(i % CARDS.size());
        IdCard card = new IdCard(c.cardType(), c.idNumber(), c.name(), c.validUntil(), IdPhoto.of(cardPhoto));
        Future<SessionSummary> end = on(ctx, () -> Future.succeededFuture(runner.nextSessionEnd()));
        reader.insert(card);
        SessionSummary s = end.await(120, TimeUnit.SECONDS);
        if (s.certified()) {
          certified++;
        } else if (certified == 0 || i < 3) {
          System.out.println("not certified: " + s.state() + " " + s.outcome() + " " + s.message());
        }
        reader.remove();
        long idleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!on(ctx, () -> Future.succeededFuture(runner.idle()))) {
          if (System.nanoTime() > idleBy) {
            throw new IllegalStateException("the kiosk did not return to WAITING_FOR_CARD within 30 s");
          }
          Thread.sleep(10);
        }
        rss[i] = status("VmRSS:") / 1024.0;
        if ((i + 1) % 10 == 0 || i == n - 1) {
          Runtime rt = Runtime.getRuntime();
          long now = System.nanoTime();
          int inBlock = (i % 10) + 1;
          System.out.printf("  %4d   %7.1f  %8.1f  %7d  %8.0f%n", i + 1, rss[i],
              (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024), status("Threads:"),
              (now - tBlock) / 1e6 / inBlock);
          tBlock = now;
        }
      }
      double wallMs = (System.nanoTime() - t0) / 1e6;
      int from = Math.max(0, n - 100);
      System.out.printf("%d certifications (%d certified), %.0f ms wall per certification; RSS at the end %.1f MiB "
          + "(%.1f MB), max %.1f MiB; slope over the last %d: %+.1f MiB per 100 certifications; load %s%n", n,
          certified, wallMs / n, rss[n - 1], rss[n - 1] * 1.048576, max(rss), n - from,
          slope(rss, from) * 100, loadavg());
      on(ctx, () -> {
        runner.stop();
        return Future.succeededFuture();
      });
      face.close();
    } finally {
      vertx.close().await();
    }
  }

  private static <T> T on(Context ctx, Supplier<Future<T>> action) throws Exception {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    return p.future().await(30, TimeUnit.SECONDS);
  }

  /** Least-squares slope of {@code y[from..]} per index. */
  static double slope(double[] y, int from) {
    int m = y.length - from;
    if (m < 2) {
      return 0;
    }
    double mx = (m - 1) / 2.0;
    double my = 0;
    for (int i = from; i < y.length; i++) {
      my += y[i];
    }
    my /= m;
    double num = 0;
    double den = 0;
    for (int i = 0; i < m; i++) {
      num += (i - mx) * (y[from + i] - my);
      den += (i - mx) * (i - mx);
    }
    return num / den;
  }

  private static double max(double[] y) {
    double m = 0;
    for (double v : y) {
      m = Math.max(m, v);
    }
    return m;
  }

  /** A numeric field of {@code /proc/self/status} (kB for sizes). */
  private static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static String loadavg() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
