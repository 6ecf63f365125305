package org.doorstep.agent.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.idcard.SamCommand;
import org.doorstep.agent.device.idcard.SamFrames;
import org.doorstep.agent.device.idcard.SamReaderOptions;
import org.doorstep.agent.device.idcard.SamSerialIdCardReader;
import org.doorstep.agent.device.idcard.Sw3;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.SamReaderSimulator;
import org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder;

/**
 * Card read latency (find + select + read {@code 30 01} + parse + photo decode) through the real driver, jSerialComm
 * and a pty, against the reader simulator; compared with the line-time floor at the same rate (8N1: 10 bit times
 * per byte). A harness, not a timed test: run it by hand.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install && ./mvnw -B -q -Pbench -pl agent test-compile exec:exec \
 *     -Dbench.main=org.doorstep.agent.bench.IdCardReadBenchmark -Dbench.args="--iterations 40 --baud 115200"
 * </pre>
 *
 * A pty does not emulate line timing, so it runs twice: unpaced (the pty delivers as fast as it can: the driver's
 * own cost) and paced (the simulator writes no faster than the configured rate: what a kiosk would see on a wire,
 * minus the card's own read time, which real readers add on top, ~0.5–1 s).
 */
public final class IdCardReadBenchmark {
  private IdCardReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = 40;
    int baud = 115200;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--baud" -> baud = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--iterations N, --baud B)");
      }
    }
    int hostBytes = 3 * SamFrames.request(SamCommand.FIND_CARD).length;
    int replyBytes = SamFrames.reply(Sw3.FIND_OK, new byte[4]).length + SamFrames.reply(Sw3.OK, new byte[8]).length
        + SamFrames.reply(Sw3.OK, new byte[4 + 256 + 1024]).length;
    double msPerByte = 10_000.0 / baud;
    System.out.printf("ID card read benchmark: %d reads per mode at %d baud 8N1 over a pty%n", iterations, baud);
    System.out.printf("line-time floor: read reply 1295 B = %.1f ms; whole sequence %d B out + %d B in = %.1f ms%n",
        1295 * msPerByte, hostBytes, replyBytes, (hostBytes + replyBytes) * msPerByte);
    Vertx vertx = Vertx.vertx();
    try {
      for (boolean paced : new boolean[] {false, true}) {
        double[] ms = run(vertx, baud, paced, iterations);
        Arrays.sort(ms);
        System.out.printf("%-8s min %7.2f  median %7.2f  p90 %7.2f  max %7.2f ms%n", paced ? "paced" : "unpaced",
            ms[0], ms[ms.length / 2], ms[(int) Math.min(ms.length - 1, Math.round(ms.length * 0.9))], ms[ms.length - 1]);
      }
    } finally {
      get(vertx.close());
    }
  }

  private static double[] run(Vertx vertx, int baud, boolean paced, int iterations) throws Exception {
    try (SamReaderSimulator sim = SamReaderSimulator.startOnPty(baud)) {
      sim.paceToBaud(paced);
      SamSerialIdCardReader reader = SamSerialIdCardReader.create(vertx, SamReaderOptions.builder(sim.devicePath())
          .baud(baud).readTimeout(Duration.ofSeconds(10)).retries(0).photoDecoder(new TestWltPhotoDecoder()).build());
      try {
        for (int w = 0; w < 5; w++) { // warm-up: JIT, port open, ImageIO
          sim.insert(SampleCards.RESIDENT);
          get(reader.read()).orElseThrow();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
          sim.lift();
          sim.insert(SampleCards.RESIDENT); // lift before the next read, outside the timing
          long t0 = System.nanoTime();
          get(reader.read()).orElseThrow();
          ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
      } finally {
        get(reader.close());
      }
    }
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
