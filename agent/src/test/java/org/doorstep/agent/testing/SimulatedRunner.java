package org.doorstep.agent.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.kiosk.CertificationRunner;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.local.sim.AutoScreen;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.privacy.EvidenceStore;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.session.State;

/**
 * A {@link CertificationRunner} on the in-process simulators (card reader, scripted face check, printer,
 * auto-consenting screen) over a real outbox and evidence store: two face attempts, staff assistance after
 * a mismatch, no last-photo fallback. Started on its own context; {@link #on} runs code there.
 */
public final class SimulatedRunner {
  /** Two attempts, liveness 700, match 500, staff called after a mismatch. */
  public static final FlowPolicy POLICY = new FlowPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30), 700, 500, 2,
      ZoneId.of("Asia/Shanghai"), false, true, Duration.ofMinutes(5));

  private final Context ctx;
  private final SimulatedIdCardReader reader = new SimulatedIdCardReader();
  private final SimulatedFaceCheck face = new SimulatedFaceCheck(SimulatedFaceCheck.Outcome.PASS);
  private final List<Long> staffCalls = new CopyOnWriteArrayList<>();
  private final CertificationRunner runner;

  private SimulatedRunner(Vertx vertx, Outbox outbox, EvidenceStore evidence, RecordFactory records, Clock clock) {
    this.ctx = vertx.getOrCreateContext();
    this.runner = new CertificationRunner(vertx, records.deviceId(), new CertificationFlow(POLICY), reader, face,
        new SimulatedReceiptPrinter(POLICY.zone()), new AutoScreen(), outbox, evidence, records, List.of("BLINK"), 1,
        clock, Duration.ofMillis(20), Duration.ofMillis(50), entry -> { }, summary -> { })
        .onStaffCall(staffCalls::add);
  }

  /** A runner started on a new context of {@code vertx}. */
  public static SimulatedRunner start(Vertx vertx, Outbox outbox, EvidenceStore evidence, RecordFactory records,
      Clock clock) {
    SimulatedRunner r = new SimulatedRunner(vertx, outbox, evidence, records, clock);
    r.on(() -> {
      r.runner.start();
      return Future.succeededFuture();
    });
    return r;
  }

  /** Runs {@code action} on the runner's context and waits (30 s at most) for its result. */
  public <T> T on(Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> action.get().onComplete(p));
    try {
      return p.future().await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("runner context did not answer in 30 s", e);
    }
  }

  /** Places {@code card} on the reader; completes with the summary of the session it starts. */
  public Future<SessionSummary> insert(IdCard card) {
    Future<SessionSummary> end = on(() -> Future.succeededFuture(runner.nextSessionEnd()));
    reader.insert(card);
    return end;
  }

  /** The session's state, read on the runner's context. */
  public State state() {
    return on(() -> Future.succeededFuture(runner.session().state()));
  }

  public CertificationRunner runner() {
    return runner;
  }

  public SimulatedFaceCheck face() {
    return face;
  }

  public SimulatedIdCardReader reader() {
    return reader;
  }

  /** Session numbers for which staff were called. */
  public List<Long> staffCalls() {
    return staffCalls;
  }

  /** Stops the runner's timers. */
  public void stop() {
    on(() -> {
      runner.stop();
      return Future.succeededFuture();
    });
  }
}
