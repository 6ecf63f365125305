package org.doorstep.agent.kiosk;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.device.idcard.ReaderProblem;
import org.doorstep.agent.device.printer.PrinterProblem;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.agent.device.printer.ReceiptPrinter;
import org.doorstep.agent.local.Screen;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.model.IdPhoto;
import org.doorstep.agent.privacy.EvidenceStore;
import org.doorstep.agent.records.Outbox;
import org.doorstep.agent.records.OutboxEntry;
import org.doorstep.agent.records.RecordDraft;
import org.doorstep.agent.records.RecordFactory;
import org.doorstep.agent.session.CertificationFlow;
import org.doorstep.agent.session.Effect;
import org.doorstep.agent.session.Event;
import org.doorstep.agent.session.FlowPolicy;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.Session;
import org.doorstep.agent.session.State;
import org.doorstep.agent.session.Step;
import org.doorstep.agent.vision.match.CapturedFrames;
import org.doorstep.agent.vision.match.ReferencePhotoStore;
import org.doorstep.config.contract.CertificationRecord.Evidence;
import org.doorstep.config.contract.CertificationRecord.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives one kiosk's certification sessions: polls the reader while idle, ticks the flow for its
 * timeouts, performs each {@link Effect} with the ports and feeds the answer back as an {@link Event}.
 * Answers of an earlier session (late device replies) are dropped by session number.
 *
 * <p>Device problems reach the screen in words ({@link DeviceMessages}): a reader failure carries its {@link ReaderProblem}'s
 * message ("lift the card and place it again"), a failed print its {@link PrinterProblem}'s ("paper out,
 * ask staff"). A receipt that did not print is kept (at most {@value #MAX_UNPRINTED}, newest first) so
 * staff can {@link #reprint(String)} it; its record is already committed.
 *
 * <p>Evidence: the record names its evidence items (kind, SHA-256, size); their bytes (the kept face frame,
 * and in staff-assisted sessions the card's chip photo) are stored, sealed, in the {@link EvidenceStore}
 * under the record's id <em>before</em> the record is committed, so a record never names bytes the kiosk
 * does not hold, and retention ({@link org.doorstep.agent.privacy.PurgeJob}) deletes them with the record.
 * Evidence of a record that is not committed (commit failed, session aborted meanwhile) is purged at once;
 * after a crash in between, the purge job deletes it as an orphan.
 *
 * <p>{@link #abortAndWipe()} (tamper switch) ends the session at once, drops its personal data (including
 * evidence stored for a record not yet committed) and the unprinted receipts, and suspends the kiosk until
 * {@link #resume()}.
 *
 * <p>{@link #admission(Admission)}: while the terminal cannot certify (disk full, enrolment refused) a
 * placed card ends at once in {@code FAILED} with {@link ResidentMessage#CANNOT_CERTIFY_NOW}, before it is
 * read, and the idle screen shows that message instead of "place your card". A failed evidence put or
 * commit is reported to the admission (a full disk raises its blocker at once).
 *
 * <p>Confined to the context that called {@link #start()}; {@link #fire(Event)}, {@link #abortAndWipe()},
 * {@link #resume()} and {@link #reprint(String)} may be called from any thread.
 */
public final class CertificationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CertificationRunner.class);
  /** The service id recorded for this workflow (service catalog). */
  public static final String SERVICE = "certification";
  /** Receipts kept for a reprint: enough for a queue of residents while staff fetch paper. */
  public static final int MAX_UNPRINTED = 16;
  /** Evidence kind of the card's chip photo (staff-assisted certifications). */
  public static final String ID_PHOTO_EVIDENCE = "id-card-photo";
  /** Evidence kind of the face frame the liveness capture kept (the on-site photo). */
  public static final String FACE_EVIDENCE = "face-image";

  private final Vertx vertx;
  private final String deviceId;
  private final CertificationFlow flow;
  private final IdCardReader reader;
  private final FaceCheck face;
  private final ReceiptPrinter printer;
  private final Screen screen;
  private final Outbox outbox;
  private final EvidenceStore evidence;
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
  private volatile boolean suspended;
  /** Bank host software holds the reader (XFS4IoT CardReader): no session starts. */
  private volatile boolean heldForHost;
  /** How many host commands hold the kiosk now (a CardReader read and a Biometric read may overlap). */
  private int hostHolds;
  /** The host's card may still lie on the reader: no session starts until it is taken away. */
  private volatile boolean awaitingRemoval;
  private Consumer<Boolean> onActivity = active -> { };
  private Consumer<Long> onStaffCall = session -> { };
  private ReferencePhotoStore references;
  private CapturedFrames frames = CapturedFrames.NONE;
  private Admission admission = Admission.always();
  private ResidentMessage placeCard = ResidentMessage.PLACE_CARD;
  private AutoCloseable readinessSubscription;
  /** Record id whose evidence is stored but whose commit has not started; dropped by an abort. */
  private String pendingEvidence;
  private final Map<String, Receipt> unprinted = new LinkedHashMap<>();
  private final List<Long> timers = new ArrayList<>();
  private final List<Promise<SessionSummary>> endWaiters = new ArrayList<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private final List<Promise<Void>> startWaiters = new ArrayList<>();

  /**
   * @param evidence       where evidence bytes are kept, sealed, under the record id
   * @param challengePool  liveness challenges to draw from ({@code policy.liveness.challenges})
   * @param challengeCount how many per attempt ({@code policy.liveness.count})
   * @param pollInterval   reader polling while idle or showing a result
   * @param tickInterval   how often the flow's time limits are checked
   * @param onCommitted    called when a record is committed (kick the uplink)
   * @param onEnded        called with every finished session
   */
  public CertificationRunner(Vertx vertx, String deviceId, CertificationFlow flow, IdCardReader reader,
      FaceCheck face, ReceiptPrinter printer, Screen screen, Outbox outbox, EvidenceStore evidence,
      RecordFactory records,
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
    this.evidence = Objects.requireNonNull(evidence, "evidence");
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
    // A blocker raised or cleared while idle changes the idle screen ("cannot certify now" / "place your card").
    readinessSubscription = admission.readiness().subscribe(() -> context.runOnContext(v -> {
      if (session.state() == State.WAITING_FOR_CARD) {
        showIdle();
      }
    }));
  }

  private void showIdle() {
    ResidentMessage idle = admission.readiness().canCertify() ? placeCard : ResidentMessage.CANNOT_CERTIFY_NOW;
    screen.show(idle).onFailure(err -> LOG.warn("screen did not show {}: {}", idle.key(), err.getMessage()));
  }

  /** Stops the timers; a session in progress is abandoned (its record, if committed, stays in the outbox). */
  public void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    if (readinessSubscription != null) {
      try {
        readinessSubscription.close();
      } catch (Exception e) {
        LOG.debug("readiness unsubscribe failed", e);
      }
      readinessSubscription = null;
    }
  }

  /**
   * Calls {@code listener} with {@code true} when a session starts (a card was placed) and {@code false}
   * when the kiosk is idle again (the status light). Set before {@link #start()}.
   */
  public CertificationRunner onActivity(Consumer<Boolean> listener) {
    this.onActivity = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * The stores of the "ID photo too old" policy (policy.mismatch): the residents' last certification photos,
   * and where the camera's kept frames are read back. Without them a last-photo match finds no photo and no
   * photo is kept. (The card photo of a staff-assisted session goes to the evidence store like all
   * evidence.) Set before {@link #start()}.
   */
  public CertificationRunner mismatchSupport(ReferencePhotoStore references, CapturedFrames frames) {
    this.references = Objects.requireNonNull(references, "references");
    this.frames = Objects.requireNonNull(frames, "frames");
    return this;
  }

  /**
   * The idle prompt ({@link ResidentMessage#PLACE_CARD} unless set): {@link
   * ResidentMessage#PLACE_ID_OR_SOCIAL_SECURITY_CARD} when the reader is {@link CardReaders} with a social-security
   * card reader. Set before {@link #start()}.
   */
  public CertificationRunner placeCardMessage(ResidentMessage message) {
    this.placeCard = Objects.requireNonNull(message, "message");
    return this;
  }

  /**
   * Whether the next resident is taken ({@link Admission}: refused before the card is read while the
   * terminal cannot certify). Set before {@link #start()}; without it every resident is taken.
   */
  public CertificationRunner admission(Admission admission) {
    this.admission = Objects.requireNonNull(admission, "admission");
    return this;
  }

  /**
   * Calls {@code listener} with the session number when a session needs a staff member (face did not match
   * with good liveness); the staff screen answers with {@link #fire(Event)} of an {@link
   * Event.StaffDecision}. Set before {@link #start()}.
   */
  public CertificationRunner onStaffCall(Consumer<Long> listener) {
    this.onStaffCall = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Ends the session in progress at once ({@link Event.Tampered}: FAILED, "out of service"), drops its
   * personal data (card, photo, face capture, evidence stored for a record whose commit has not started)
   * and the receipts kept for reprint, and stops accepting cards until {@link #resume()}. A record whose
   * commit already started is not stopped: it and its evidence stay, under retention. Thread-safe;
   * completes on the runner's context once done (the evidence deleted).
   */
  public Future<Void> abortAndWipe() {
    suspended = true;
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      unprinted.clear();
      apply(new Event.Tampered());
      String pending = pendingEvidence;
      pendingEvidence = null;
      Future<Integer> dropped = pending == null ? Future.succeededFuture(0)
          : dropEvidence(pending, "session aborted before its record was committed");
      dropped.onComplete(r -> {
        LOG.warn("session {} aborted and its personal data dropped; no new sessions until staff resume the kiosk",
            session.number());
        done.complete();
      });
    });
    return done.future();
  }

  /** Accepts cards again after {@link #abortAndWipe()}. Thread-safe. */
  public void resume() {
    if (suspended) {
      suspended = false;
      LOG.info("kiosk resumed: accepting cards");
    }
  }

  /**
   * Leaves the card reader and camera to bank host software (an XFS4IoT {@code CardReader.ReadRawData} or
   * {@code Biometric.Read}): while held the kiosk starts no session, so the host's card is not read twice (a GA/T 467
   * reader serves one read per card placement) and the camera serves one face check at a time. Refused while a
   * resident's session runs. Holds count: the kiosk takes residents again when every holder released. Thread-safe.
   *
   * @return true when held; false when a session is in progress
   */
  public synchronized boolean holdForHost() {
    State s = session.state();
    if (s != State.WAITING_FOR_CARD && !s.isTerminal()) {
      return false;
    }
    hostHolds++;
    heldForHost = true;
    return true;
  }

  /**
   * Ends {@link #holdForHost()}: the kiosk takes cards again once the one on the reader (the host's) is taken
   * away. Thread-safe.
   */
  public synchronized void releaseForHost() {
    if (hostHolds > 0 && --hostHolds == 0) {
      awaitingRemoval = true;
      heldForHost = false;
    }
  }

  /** The rules of this kiosk's certifications (thresholds, attempts, time limits). */
  public FlowPolicy policy() {
    return flow.policy();
  }

  /**
   * Whether the kiosk waits for the card on the reader (the host's, after {@link #releaseForHost()}) to be
   * taken away before it takes the next one: until a poll has seen the reader empty, a card is not a new
   * resident's. Thread-safe.
   */
  public boolean awaitingCardRemoval() {
    return awaitingRemoval;
  }

  /** Whether {@link #abortAndWipe()} suspended the kiosk. */
  public boolean suspended() {
    return suspended;
  }

  /**
   * Prints the receipt of {@code recordId} again, marked as a copy, if its first print failed in this run
   * of the agent. Thread-safe.
   *
   * @return failed with {@link java.util.NoSuchElementException} when no unprinted receipt has that id, or
   *     with the printer's {@link DeviceException}
   */
  public Future<Void> reprint(String recordId) {
    Promise<Void> p = Promise.promise();
    context.runOnContext(v -> {
      Receipt r = unprinted.get(recordId);
      if (r == null) {
        p.fail(new java.util.NoSuchElementException("no unprinted receipt for record " + recordId));
        return;
      }
      printer.reprint(r).onSuccess(ok -> {
        unprinted.remove(recordId);
        LOG.info("receipt of record {} reprinted", recordId);
      }).onComplete(p);
    });
    return p.future();
  }

  /** Ids of committed records whose receipt did not print (oldest first). Call on the runner's context. */
  public List<String> unprintedRecords() {
    return List.copyOf(unprinted.keySet());
  }

  /** Feeds an event from outside (a screen button, a test). Thread-safe. */
  public void fire(Event event) {
    context.runOnContext(v -> apply(event));
  }

  /**
   * For bank host software that starts a service (XFS4IoT {@code Doorstep.StartService}): the number and the end of
   * the next session, which the resident starts by placing a card. Thread-safe.
   *
   * @return failed with {@link IllegalStateException} (its message says why, for the host) when a resident is
   *     being served, the reader is held for the host or the kiosk is suspended
   */
  public Future<HostSession> nextSessionForHost() {
    Promise<HostSession> p = Promise.promise();
    context.runOnContext(v -> {
      if (suspended) {
        p.fail(new IllegalStateException("the kiosk is out of service (tamper switch) until staff resume it"));
      } else if (heldForHost || awaitingRemoval) {
        p.fail(new IllegalStateException("the card reader is held by a host CardReader command"));
      } else if (!idle()) {
        p.fail(new IllegalStateException("a resident is being served; try again when the session ends"));
      } else {
        Promise<Void> started = Promise.promise();
        startWaiters.add(started);
        p.complete(new HostSession(session.number() + 1, started.future(), nextSessionEnd()));
      }
    });
    return p.future();
  }

  /**
   * Cancels session {@code number} if it is the one in progress and still interactive (card read, consent, face
   * check, staff); a session that is recording is not stopped: its record is committed and printed. Thread-safe.
   */
  public void cancelSession(long number) {
    context.runOnContext(v -> {
      if (session.number() == number) {
        apply(new Event.Cancel());
      }
    });
  }

  /**
   * A session started for host software.
   *
   * @param number  the session's number
   * @param started completes when it starts (a card was placed)
   * @param end     completes with its summary when it ends
   */
  public record HostSession(long number, Future<Void> started, Future<SessionSummary> end) {
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

  /** Whether the kiosk is waiting for a card (no resident being served). Call on the runner's context. */
  public boolean idle() {
    return session.state() == State.WAITING_FOR_CARD;
  }

  /** Completes when the kiosk is waiting for a card (at once if it is). Call on the runner's context. */
  public Future<Void> whenIdle() {
    if (idle()) {
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
        .compose(present -> present && session.state() == State.WAITING_FOR_CARD && !suspended
            // A card: is the terminal able to take it? (free space checked now, not up to an interval ago)
            ? admission.recheck().get().otherwiseEmpty().map(present) : Future.succeededFuture(present))
        .onSuccess(present -> {
          State now = session.state();
          if (!present) {
            awaitingRemoval = false;
          }
          if (present && now == State.WAITING_FOR_CARD && !suspended && !heldForHost && !awaitingRemoval) {
            apply(admission.readiness().canCertify() ? new Event.CardInserted() : new Event.CardRefused());
          } else if (!present && now.isTerminal()) {
            apply(new Event.CardRemoved());
          }
        })
        .onComplete(r -> polling = false);
  }

  private void apply(Event event) {
    Step step = flow.next(session, event, clock.instant());
    State before = session.state();
    Optional<FaceCapture> capture = session.capture();
    IdCard cardBefore = session.card().orElse(null);
    session = step.session();
    if (capture.isPresent() && !capture.equals(session.capture())) {
      capture.get().wipe();   // a new attempt replaced it, or the session dropped it: the face frame is gone
    }
    if (session.card().orElse(null) != cardBefore) {
      // Before the step's messages, so that the consent page shows whom it asks.
      Optional<MaskedResident> who = session.card().map(MaskedResident::of);
      screen.resident(who).onFailure(err -> LOG.warn("screen did not take the resident: {}", err.getMessage()));
    }
    if (before != session.state()) {
      LOG.debug("session {}: {} -> {}", session.number(), before, session.state());
    }
    perform(step);
    if (before == State.WAITING_FOR_CARD && session.state() != State.WAITING_FOR_CARD) {
      activity(true);
      List<Promise<Void>> starting = List.copyOf(startWaiters);
      startWaiters.clear();
      starting.forEach(Promise::tryComplete);
    }
    if (session.state() == State.WAITING_FOR_CARD && before != State.WAITING_FOR_CARD) {
      activity(false);
      List<Promise<Void>> waiting = List.copyOf(idleWaiters);
      idleWaiters.clear();
      waiting.forEach(Promise::tryComplete);
    }
  }

  private void activity(boolean active) {
    try {
      onActivity.accept(active);
    } catch (RuntimeException e) {
      LOG.warn("activity listener failed", e);
    }
  }

  private void perform(Step step) {
    long n = step.session().number();
    for (Effect e : step.effects()) {
      if (e instanceof Effect.ShowMessage m && m.message() == ResidentMessage.PLACE_CARD) {
        showIdle();   // or "cannot certify now" while a blocker is raised
      } else if (e instanceof Effect.ShowMessage m) {
        screen.show(m.message())
            .onFailure(err -> LOG.warn("screen did not show {}: {}", m.message().key(), err.getMessage()));
      } else if (e instanceof Effect.ReadCard) {
        // Empty: the card went away during the read, or lies there since the last read.
        answer(n, reader.read().map(card -> card.<Event>map(Event.CardRead::new)
            .orElse(new Event.CardReadFailed(DeviceFault.CARD_UNREADABLE,
                Optional.of(ResidentMessage.READER_LIFT_AND_REPLACE)))),
            err -> new Event.CardReadFailed(DeviceException.faultOf(err), DeviceMessages.forReadFailure(err)));
      } else if (e instanceof Effect.AskConsent) {
        answer(n, screen.askConsent().map(yes -> yes ? new Event.ConsentGiven() : new Event.ConsentRefused()),
            err -> new Event.ConsentRefused());
      } else if (e instanceof Effect.CaptureFace) {
        answer(n, face.capture(drawChallenges()).map(Event.FaceCaptured::new),
            err -> new Event.FaceCheckFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.MatchFace m) {
        answer(n, face.match(m.capture(), m.photo()).map(Event.FaceChecked::new),
            err -> new Event.FaceCheckFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.MatchReferencePhoto m) {
        answer(n, matchReferencePhoto(m), err -> new Event.FaceCheckFailed(DeviceException.faultOf(err)));
      } else if (e instanceof Effect.CallStaff) {
        LOG.info("session {}: staff assistance requested (live face did not match the card photo)", n);
        try {
          onStaffCall.accept(n);
        } catch (RuntimeException err) {
          LOG.warn("staff call listener failed", err);
        }
      } else if (e instanceof Effect.KeepReferencePhoto k) {
        keepReferencePhoto(n, k);
      } else if (e instanceof Effect.CommitRecord c) {
        answer(n, commit(c.certification()), err -> new Event.CommitFailed(err.getMessage()));
      } else if (e instanceof Effect.PrintReceipt p) {
        Receipt receipt = new Receipt(deviceId, p.outcome(), p.card().idNumber(), p.card().name(),
            p.recordId(), p.seq(), p.capturedAt());
        answer(n, printer.print(receipt).map(v -> (Event) new Event.ReceiptPrinted())
                .onFailure(err -> keepForReprint(receipt)),
            err -> new Event.PrintFailed(DeviceException.faultOf(err), DeviceMessages.forPrintFailure(err)));
      } else if (e instanceof Effect.EndSession end) {
        ended(end.session());
      }
    }
  }

  private void keepForReprint(Receipt receipt) {
    if (suspended) {
      return;   // wiped: a tamper alarm came while the print was running
    }
    unprinted.put(receipt.recordId(), receipt);
    while (unprinted.size() > MAX_UNPRINTED) {
      unprinted.remove(unprinted.keySet().iterator().next());
    }
  }

  /**
   * The resident's last certification photo against the capture; a store that has none, or whose photo
   * cannot be read, sends the session on to staff (never fails it).
   */
  private Future<Event> matchReferencePhoto(Effect.MatchReferencePhoto m) {
    if (references == null) {
      LOG.warn("no reference photo store configured: the last certification's photo cannot be tried");
      return Future.succeededFuture(new Event.ReferencePhotoMissing());
    }
    return references.lastPhoto(m.card().idNumber())
        .recover(err -> {
          LOG.warn("reference photo of {} unreadable, treated as missing: {}", m.card().idNumber().masked(),
              err.getMessage());
          return Future.succeededFuture(Optional.empty());
        })
        .compose(photo -> {
          if (photo.isEmpty()) {
            LOG.debug("no reference photo kept for {}", m.card().idNumber().masked());
            return Future.succeededFuture(new Event.ReferencePhotoMissing());
          }
          byte[] bytes = photo.get();
          IdPhoto reference = IdPhoto.of(bytes);
          java.util.Arrays.fill(bytes, (byte) 0);
          return face.match(m.capture(), reference).map(Event.FaceChecked::new);
        });
  }

  /** After a committed pass: the live frame becomes the resident's next reference (failures only logged). */
  private void keepReferencePhoto(long n, Effect.KeepReferencePhoto k) {
    if (references == null) {
      return;
    }
    String who = k.card().idNumber().masked();
    frames.frameOf(k.capture())
        .compose(frame -> {
          if (frame.isEmpty()) {
            LOG.debug("session {}: the camera kept no frame, no reference photo for {}", n, who);
            return Future.succeededFuture();
          }
          byte[] bytes = frame.get();
          return references.keep(k.card().idNumber(), bytes).eventually(() -> {
            java.util.Arrays.fill(bytes, (byte) 0);
            return Future.succeededFuture();
          }).onSuccess(v -> LOG.info("session {}: reference photo of {} kept", n, who));
        })
        .onFailure(err -> LOG.warn("session {}: reference photo of {} not kept: {}", n, who, err.getMessage()));
  }

  /** One evidence item to store before the record: its kind and bytes (a copy, zeroed once stored). */
  private record Item(String kind, byte[] bytes) {}

  /**
   * Stores the evidence under a fresh record id, then commits the record naming it. Any failure, or an
   * abort while the evidence was being stored, deletes that evidence again (no record names it).
   */
  private Future<Event> commit(Effect.Certification c) {
    long n = session.number();
    List<Item> items = new ArrayList<>(2);
    c.capture().ifPresent(f -> {
      byte[] frame = f.image();   // a copy taken now: the capture is wiped with the session
      if (frame.length > 0) {
        items.add(new Item(FACE_EVIDENCE, frame));
      } else {
        LOG.warn("session {}: the face check kept no frame bytes for capture {}: the record names no face image",
            n, f.captureId());
      }
    });
    if (c.idPhotoEvidence()) {
      // Guangdong's rule: a staff-assisted case carries the on-site photo and the ID image.
      items.add(new Item(ID_PHOTO_EVIDENCE, c.card().photo().orElseThrow().bytes()));
    }
    String recordId = records.newRecordId();
    pendingEvidence = recordId;
    return storeAll(recordId, items)
        .compose(list -> {
          if (!recordId.equals(pendingEvidence)) {
            return Future.failedFuture(new IllegalStateException("session " + n + " was aborted while its evidence"
                + " was stored: evidence dropped, no record made"));
          }
          pendingEvidence = null;   // from here on the evidence belongs to the record being committed
          return commit(c, recordId, list);
        })
        .recover(err -> {
          admission.storeFailed().accept(err);
          if (recordId.equals(pendingEvidence)) {
            pendingEvidence = null;
          }
          return dropEvidence(recordId, "its record was not committed")
              .transform(x -> Future.<Event>failedFuture(err));
        });
  }

  /** Puts the items one after the other, in order; the bytes are zeroed once stored (or refused). */
  private Future<List<Evidence>> storeAll(String recordId, List<Item> items) {
    Future<List<Evidence>> all = Future.succeededFuture(new ArrayList<>());
    for (Item item : items) {
      all = all.compose(list -> evidence.put(recordId, item.kind(), mediaType(item.bytes()), item.bytes())
          .map(ref -> {
            list.add(ref.toEvidence());
            return list;
          }));
    }
    return all.eventually(() -> {
      items.forEach(i -> java.util.Arrays.fill(i.bytes(), (byte) 0));
      return Future.succeededFuture();
    });
  }

  /** Deletes the evidence of {@code recordId} (failures logged: the purge job deletes orphans later). */
  private Future<Integer> dropEvidence(String recordId, String why) {
    return evidence.purge(List.of(recordId))
        .onSuccess(count -> {
          if (count > 0) {
            LOG.info("{} evidence item(s) of record {} deleted: {}", count, recordId, why);
          }
        })
        .onFailure(err -> LOG.warn("evidence of record {} not deleted ({}): {}; the purge job deletes it as an"
            + " orphan", recordId, why, err.getMessage()));
  }

  /** The media type of an evidence image from its first bytes; {@code application/octet-stream} if unknown. */
  static String mediaType(byte[] bytes) {
    try {
      String guessed = URLConnection.guessContentTypeFromStream(new ByteArrayInputStream(bytes));
      return guessed != null ? guessed : "application/octet-stream";
    } catch (IOException e) {
      throw new UncheckedIOException(e);   // not thrown by an in-memory stream
    }
  }

  private Future<Event> commit(Effect.Certification c, String recordId, List<Evidence> evidence) {
    RecordDraft draft = new RecordDraft(SERVICE, c.mode(),
        new Subject(c.card().cardType(), c.card().idNumber(), c.card().name()), c.operator(),
        c.liveness(), c.match(), c.outcome(), evidence, c.capturedAt());
    return outbox.commit(seq -> records.sign(recordId, draft, seq), clock.instant())
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

  /**
   * The liveness challenges of one attempt, drawn at random from the policy's pool: the certification's and the
   * local API's face check. Thread-safe.
   */
  public List<String> drawChallenges() {
    List<String> pool = new ArrayList<>(challengePool);
    synchronized (random) {
      Collections.shuffle(pool, random);
    }
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
