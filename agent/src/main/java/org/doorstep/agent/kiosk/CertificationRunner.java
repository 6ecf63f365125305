package org.doorstep.agent.kiosk;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.DeviceFault;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.agent.device.printer.ReceiptPrinter;
import org.doorstep.agent.local.Screen;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.records.RecordDraft;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.Effect;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.Session;
import org.doorstep.agent.session.State;
import org.doorstep.agent.session.Step;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives one kiosk's certification sessions: polls the reader while idle, ticks the flow for its
 * timeouts, performs each {@link Effect} with the ports and feeds the answer back as an {@link Event}.
 * Answers of an earlier session (late device replies) are dropped by session number.
 *
 * <p>Confined to the context that called {@link #start()}; {@link #fire(Event)} may be called from
 * any thread.
 */
public final class CertificationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CertificationRunner.class);
  /** The service id recorded for this workflow (service catalog). */
  public static final String SERVICE = "certification";

  private final Vertx vertx;
  private final String deviceId;
  private final CertificationFlow flow;
  private final IdCardReader reader;
  private final FaceCheck face;
  private final ReceiptPrinter printer;
  private final Screen screen;
  private final Outbox outbox;
  private final RecordFactory records;
  private final List<String> challengePool;
  private final int challengeCount;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration tickInterval;
  private final Consumer<OutboxEntry> onCommitted;
  private final Consumer<SessionSummary> onEnded;
  private final SecureRandom random = new SecureRandom();

  private io.vertx.core.Context context;
  private Session session;
  private boolean polling;
  private final List<Long> timers = new ArrayList<>();
  private final List<Promise<SessionSummary>> endWaiters = new ArrayList<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();

  /**
   * @param challengePool  liveness challenges to draw from ({@code policy.liveness.challenges})
   * @param challengeCount how many per attempt ({@code policy.liveness.count})
   * @param pollInterval   reader polling while idle or showing a result
   * @param tickInterval   how often the flow's time limits are checked
   * @param onCommitted    called when a record is committed (kick the uplink)
   * @param onEnded        called with every finished session
   */
  public CertificationRunner(Vertx vertx, String deviceId, CertificationFlow flow, IdCardReader reader,
      FaceCheck face, ReceiptPrinter printer, Screen screen, Outbox outbox, RecordFactory records,
      List<String> challengePool, int challengeCount, Clock clock, Duration pollInterval, Duration tickInterval,
      Consumer<OutboxEntry> onCommitted, Consumer<SessionSummary> onEnded) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.flow = Objects.requireNonNull(flow, "flow");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.face = Objects.requireNonNull(face, "face");
    this.printer = Objects.requireNonNull(printer, "printer");
    this.screen = Objects.requireNonNull(screen, "screen");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.records = Objects.requireNonNull(records, "records");
    this.challengePool = challengePool.isEmpty() ? List.of("BLINK") : List.copyOf(challengePool);
    this.challengeCount = Math.max(1, Math.min(challengeCount, this.challengePool.size()));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.tickInterval = Objects.requireNonNull(tickInterval, "tickInterval");
    this.onCommitted = Objects.requireNonNull(onCommitted, "onCommitted");
    this.onEnded = Objects.requireNonNull(onEnded, "onEnded");
  }

  /** Shows the idle screen and starts polling the reader. */
  public void start() {
    context = vertx.getOrCreateContext();
    Step first = flow.start(clock.instant());
    session = first.session();
    perform(first);
    timers.add(vertx.setPeriodic(Math.max(10, pollInterval.toMillis()), id -> poll()));
    timers.add(vertx.setPeriodic(Math.max(10, tickInterval.toMillis()), id -> apply(new Event.Tick(clock.instant()))));
  }

  /** Stops the timers; a session in progress is abandoned (its record, if committed, stays in the outbox). */
  public void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /** Feeds an event from outside (a screen button, a test). Thread-safe. */
  public void fire(Event event) {
    context.runOnContext(v -> apply(event));
  }

  /** The session as it is now (read on the runner's context). */
  public Session session() {
    return session;
  }

  /** Completes with the summary of the next session to end. Call on the runner's context. */
  public Future<SessionSummary> nextSessionEnd() {
    Promise<SessionSummary> p = Promise.promise();
    endWaiters.add(p);
    return p.future();
  }

  /** Completes when the kiosk is waiting for a card (at once if it is). Call on the runner's context. */
  public Future<Void> whenIdle() {
    if (session.state() == State.WAITING_FOR_CARD) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    idleWaiters.add(p);
    return p.future();
  }

  /** Polls the reader now instead of waiting for the next interval. */
  public void pollNow() {
    poll();
  }

  private void poll() {
    State s = session.state();
    if (polling || !(s == State.WAITING_FOR_CARD || s.isTerminal())) {
      return;
    }
    polling = true;
    reader.cardPresent()
        .onSuccess(present -> {
          State now = session.state();
          if (present && now == State.WAITING_FOR_CARD) {
            apply(new Event.CardInserted());
          } else if (!present && now.isTerminal()) {
            apply(new Event.CardRemoved());
          }
        })
        .onComplete(r -> polling = false);
  }

  private void apply(Event event) {
    Step step = flow.next(session, event, clock.instant());
    State before = session.state();
    session = step.session();
    if (before != session.state()) {
      LOG.debug("session {}: {} -> {}", session.number(), before, session.state());
    }
    perform(step);
    if (session.state() == State.WAITING_FOR_CARD && before != State.WAITING_FOR_CARD) {
      List<Promise<Void>> waiting = List.copyOf(idleWaiters);
      idleWaiters.clear();
      waiting.forEach(Promise::tryComplete);
    }
  }

  private void perform(Step step) {
    long n = step.session().number();
    for (Effect e : step.effects()) {
      if (e instanceof Effect.ShowMessage m) {
        screen.show(m.message())
            .onFailure(err -> LOG.warn("screen did not show {}: {}", m.message().key(), err.getMessage()));
      } else if (e instanceof Effect.ReadCard) {
        answer(n, reader.read().map(card -> card.<Event>map(Event.CardRead::new)
            .orElse(new Event.CardReadFailed(DeviceFault.CARD_UNREADABLE))),
            err -> new Event.CardReadFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.AskConsent) {
        answer(n, screen.askConsent().map(yes -> yes ? new Event.ConsentGiven() : new Event.ConsentRefused()),
            err -> new Event.ConsentRefused());
      } else if (e instanceof Effect.CaptureFace) {
        answer(n, face.capture(drawChallenges()).map(Event.FaceCaptured::new),
            err -> new Event.FaceCheckFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.MatchFace m) {
        answer(n, face.match(m.capture(), m.photo()).map(Event.FaceChecked::new),
            err -> new Event.FaceCheckFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.CommitRecord c) {
        answer(n, commit(c.certification()), err -> new Event.CommitFailed(err.getMessage()));
      } else if (e instanceof Effect.PrintReceipt p) {
        answer(n, printer.print(new Receipt(deviceId, p.outcome(), p.card().idNumber(), p.card().name(),
                p.recordId(), p.seq(), p.capturedAt())).map(v -> new Event.ReceiptPrinted()),
            err -> new Event.PrintFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.EndSession end) {
        ended(end.session());
      }
    }
  }

  private Future<Event> commit(Effect.Certification c) {
    List<Evidence> evidence = c.capture()
        .map(f -> List.of(new Evidence("face-image", f.imageSha256(), f.imageSize())))
        .orElse(List.of());
    RecordDraft draft = new RecordDraft(SERVICE, Mode.SELF,
        new Subject(c.card().cardType(), c.card().idNumber(), c.card().name()), Optional.empty(),
        c.liveness(), c.match(), c.outcome(), evidence, c.capturedAt());
    return outbox.commit(seq -> records.sign(draft, seq), clock.instant())
        .onSuccess(entry -> {
          try (MDC.MDCCloseable d = MDC.putCloseable("deviceId", deviceId);
               MDC.MDCCloseable r = MDC.putCloseable("recordId", entry.recordId())) {
            LOG.info("record {} seq {} committed ({})", entry.recordId(), entry.seq(), c.outcome());
          }
          onCommitted.accept(entry);
        })
        .onFailure(err -> LOG.error("record commit failed, resident sent to staff: {}", err.getMessage()))
        .map(entry -> new Event.RecordCommitted(entry.recordId(), entry.seq()));
  }

  private List<String> drawChallenges() {
    List<String> pool = new ArrayList<>(challengePool);
    Collections.shuffle(pool, random);
    return List.copyOf(pool.subList(0, challengeCount));
  }

  /** Feeds the answer of an effect of session {@code n}, unless that session is over. */
  private void answer(long n, Future<? extends Event> f, java.util.function.Function<Throwable, Event> onError) {
    f.onComplete(r -> {
      if (session.number() != n || session.state().isTerminal() || session.state() == State.WAITING_FOR_CARD) {
        LOG.debug("dropped late answer of session {}", n);
        return;
      }
      apply(r.succeeded() ? r.result() : onError.apply(r.cause()));
    });
  }

  private void ended(Session s) {
    SessionSummary summary = new SessionSummary(deviceId, s.number(), s.state(),
        s.message().orElseThrow(), s.outcome(), s.recordId(), s.seq(),
        s.card().map(c -> c.idNumber().masked()).orElse(""),
        s.card().map(c -> c.name().masked()).orElse(""));
    try (MDC.MDCCloseable d = MDC.putCloseable("deviceId", deviceId);
         MDC.MDCCloseable r = MDC.putCloseable("recordId", s.recordId().orElse(""))) {
      LOG.info("session {} ended {}{} [{}]", s.number(), s.state(),
          s.outcome().map(o -> " " + o).orElse(""), summary.message().key());
    }
    onEnded.accept(summary);
    List<Promise<SessionSummary>> waiting = List.copyOf(endWaiters);
    endWaiters.clear();
    waiting.forEach(p -> p.tryComplete(summary));
  }
}
