package org.doorstep.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.model.ChallengeResult;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.FaceCapture;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.session.Effect.AskConsent;
import org.doorstep.agent.session.Effect.CallStaff;
import org.doorstep.agent.session.Effect.CaptureFace;
import org.doorstep.agent.session.Effect.CommitRecord;
import org.doorstep.agent.session.Effect.EndSession;
import org.doorstep.agent.session.Effect.KeepReferencePhoto;
import org.doorstep.agent.session.Effect.MatchFace;
import org.doorstep.agent.session.Effect.MatchReferencePhoto;
import org.doorstep.agent.session.Effect.PrintReceipt;
import org.doorstep.agent.session.Effect.ReadCard;
import org.doorstep.agent.session.Effect.ShowMessage;
import org.doorstep.agent.session.Event.Cancel;
import org.doorstep.agent.session.Event.CardInserted;
import org.doorstep.agent.session.Event.CardRead;
import org.doorstep.agent.session.Event.CardReadFailed;
import org.doorstep.agent.session.Event.CardRemoved;
import org.doorstep.agent.session.Event.CommitFailed;
import org.doorstep.agent.session.Event.ConsentGiven;
import org.doorstep.agent.session.Event.ConsentRefused;
import org.doorstep.agent.session.Event.FaceCaptured;
import org.doorstep.agent.session.Event.FaceCheckFailed;
import org.doorstep.agent.session.Event.FaceChecked;
import org.doorstep.agent.session.Event.PrintFailed;
import org.doorstep.agent.session.Event.ReceiptPrinted;
import org.doorstep.agent.session.Event.RecordCommitted;
import org.doorstep.agent.session.Event.ReferencePhotoMissing;
import org.doorstep.agent.session.Event.StaffDecision;
import org.doorstep.agent.session.Event.Tick;
import org.doorstep.config.contract.CertificationRecord.FaceMatch;
import org.doorstep.config.contract.CertificationRecord.Mode;
import org.doorstep.config.contract.CertificationRecord.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificationFlowTest {
  private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
  private static final FlowPolicy POLICY = new FlowPolicy(Duration.ofSeconds(10), Duration.ofSeconds(120),
      Duration.ofSeconds(140), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
      700, 600, 2, ZoneId.of("Asia/Shanghai"));
  private static final IdCard CARD = SampleResidents.ZHANG_SAN;

  private final CertificationFlow flow = new CertificationFlow(POLICY);
  /** POLICY with both "ID photo too old" fallbacks: last certification's photo, then staff. */
  private final CertificationFlow fallbacks = new CertificationFlow(withFallbacks(true, true));

  private static FlowPolicy withFallbacks(boolean lastPhoto, boolean staff) {
    return new FlowPolicy(POLICY.cardReadTimeout(), POLICY.consentTimeout(), POLICY.faceCaptureTimeout(),
        POLICY.matchingTimeout(), POLICY.recordingTimeout(), POLICY.printingTimeout(), 700, 600, 2, POLICY.zone(),
        lastPhoto, staff, Duration.ofMinutes(5));
  }

  // ---------------------------------------------------------------- helpers

  private static FaceCapture live() {
    return new FaceCapture("c1", List.of(new ChallengeResult("BLINK", true, Duration.ofMillis(900)),
        new ChallengeResult("TURN_LEFT", true, Duration.ofMillis(1100))), 950, "a".repeat(64), 1234);
  }

  private static FaceCapture spoof() {
    return new FaceCapture("c2", List.of(new ChallengeResult("BLINK", false, Duration.ofSeconds(10))),
        100, "b".repeat(64), 1000);
  }

  private Session idle() {
    return flow.start(T0).session();
  }

  private Session drive(Event... events) {
    Session s = idle();
    for (Event e : events) {
      s = flow.next(s, e, T0).session();
    }
    return s;
  }

  private Session inCardRead() {
    return drive(new CardInserted());
  }

  private Session inConsent() {
    return drive(new CardInserted(), new CardRead(CARD));
  }

  private Session inCapture() {
    return drive(new CardInserted(), new CardRead(CARD), new ConsentGiven());
  }

  private Session inMatching() {
    return drive(new CardInserted(), new CardRead(CARD), new ConsentGiven(), new FaceCaptured(live()));
  }

  private Session inRecording() {
    return drive(new CardInserted(), new CardRead(CARD), new ConsentGiven(), new FaceCaptured(live()),
        new FaceChecked(870));
  }

  private Session inPrinting() {
    return drive(new CardInserted(), new CardRead(CARD), new ConsentGiven(), new FaceCaptured(live()),
        new FaceChecked(870), new RecordCommitted("rec-1", 7));
  }

  private static void assertEnded(Step step, State state, ResidentMessage message) {
    assertThat(step.state()).isEqualTo(state);
    assertThat(step.session().message()).contains(message);
    assertThat(step.effects()).containsExactly(new ShowMessage(message), new EndSession(step.session()));
  }

  private static void assertIgnored(Session before, Step step) {
    assertThat(step.session()).isEqualTo(before);
    assertThat(step.effects()).isEmpty();
  }

  // ---------------------------------------------------------------- happy path

  @Test
  void start_shows_place_card_while_waiting() {
    Step step = flow.start(T0);
    assertThat(step.state()).isEqualTo(State.WAITING_FOR_CARD);
    assertThat(step.session().number()).isZero();
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.PLACE_CARD));
  }

  @Test
  void card_inserted_starts_a_new_session_and_reads_the_card() {
    Step step = flow.next(idle(), new CardInserted(), T0);
    assertThat(step.state()).isEqualTo(State.CARD_READ);
    assertThat(step.session().number()).isEqualTo(1);
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.READING_CARD), new ReadCard());
  }

  @Test
  void card_refused_while_the_terminal_cannot_certify_ends_before_the_card_is_read() {
    Step step = flow.next(idle(), new Event.CardRefused(), T0);
    assertThat(step.state()).isEqualTo(State.FAILED);
    assertThat(step.session().number()).isEqualTo(1);
    assertThat(step.session().card()).isEmpty();
    assertThat(step.session().outcome()).isEmpty();
    assertThat(step.effects()).hasSize(2).first().isEqualTo(new ShowMessage(ResidentMessage.CANNOT_CERTIFY_NOW));
    assertThat(step.effects()).noneMatch(e -> e instanceof ReadCard);
    assertThat(flow.next(step.session(), new CardRemoved(), T0).state()).isEqualTo(State.WAITING_FOR_CARD);
  }

  @Test
  void card_refused_during_a_session_is_ignored() {
    Step step = flow.next(inConsent(), new Event.CardRefused(), T0);
    assertThat(step.state()).isEqualTo(State.AWAITING_CONSENT);
    assertThat(step.effects()).isEmpty();
  }

  @Test
  void card_read_asks_for_consent() {
    Step step = flow.next(inCardRead(), new CardRead(CARD), T0);
    assertThat(step.state()).isEqualTo(State.AWAITING_CONSENT);
    assertThat(step.session().card()).contains(CARD);
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.CONFIRM_CONSENT), new AskConsent());
  }

  @Test
  void consent_given_starts_the_first_face_attempt() {
    Step step = flow.next(inConsent(), new ConsentGiven(), T0);
    assertThat(step.state()).isEqualTo(State.FACE_CAPTURE);
    assertThat(step.session().attempt()).isEqualTo(1);
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.FOLLOW_CHALLENGES), new CaptureFace(1));
  }

  @Test
  void live_capture_goes_to_matching_against_the_card_photo() {
    Step step = flow.next(inCapture(), new FaceCaptured(live()), T0);
    assertThat(step.state()).isEqualTo(State.MATCHING);
    assertThat(step.session().liveness()).hasValueSatisfying(l -> {
      assertThat(l.passed()).isTrue();
      assertThat(l.scoreMilli()).isEqualTo(950);
      assertThat(l.thresholdMilli()).isEqualTo(700);
      assertThat(l.challenges()).hasSize(2);
    });
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.MATCHING),
        new MatchFace(live(), CARD.photo().orElseThrow()));
  }

  @Test
  void match_at_threshold_records_certified() {
    Step step = flow.next(inMatching(), new FaceChecked(600), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(step.session().outcome()).contains(Outcome.CERTIFIED);
    assertThat(step.effects()).hasSize(2);
    assertThat(step.effects().get(0)).isEqualTo(new ShowMessage(ResidentMessage.SAVING));
    CommitRecord commit = (CommitRecord) step.effects().get(1);
    assertThat(commit.certification().outcome()).isEqualTo(Outcome.CERTIFIED);
    assertThat(commit.certification().card()).isEqualTo(CARD);
    assertThat(commit.certification().match()).hasValueSatisfying(m -> {
      assertThat(m.passed()).isTrue();
      assertThat(m.scoreMilli()).isEqualTo(600);
      assertThat(m.reference()).isEqualTo(CertificationFlow.MATCH_REFERENCE);
    });
    assertThat(commit.certification().capture()).contains(live());
  }

  @Test
  void record_committed_prints_the_receipt() {
    Step step = flow.next(inRecording(), new RecordCommitted("rec-1", 7), T0);
    assertThat(step.state()).isEqualTo(State.PRINTING);
    assertThat(step.session().recordId()).contains("rec-1");
    assertThat(step.session().seq()).isEqualTo(7);
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.PRINTING),
        new PrintReceipt(CARD, Outcome.CERTIFIED, "rec-1", 7, T0));
  }

  @Test
  void receipt_printed_ends_done_certified() {
    assertEnded(flow.next(inPrinting(), new ReceiptPrinted(), T0), State.DONE, ResidentMessage.CERTIFIED_TAKE_RECEIPT);
  }

  @Test
  void print_failed_still_ends_done_because_the_record_is_committed() {
    assertEnded(flow.next(inPrinting(), new PrintFailed(DeviceFault.PAPER_OUT), T0),
        State.DONE, ResidentMessage.CERTIFIED_NO_RECEIPT);
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"DONE", "CANCELLED", "TIMED_OUT", "FAILED"})
  void card_removed_after_the_end_returns_to_waiting(State terminal) {
    Session ended = switch (terminal) {
      case DONE -> flow.next(inPrinting(), new ReceiptPrinted(), T0).session();
      case CANCELLED -> flow.next(inConsent(), new Cancel(), T0).session();
      case TIMED_OUT -> flow.next(inConsent(), new Tick(T0.plusSeconds(120)), T0).session();
      default -> flow.next(inCardRead(), new CardReadFailed(DeviceFault.CARD_UNREADABLE), T0).session();
    };
    assertThat(ended.state()).isEqualTo(terminal);
    Step step = flow.next(ended, new CardRemoved(), T0.plusSeconds(1));
    assertThat(step.state()).isEqualTo(State.WAITING_FOR_CARD);
    assertThat(step.session().card()).isEmpty();
    assertThat(step.session().number()).isEqualTo(ended.number());
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.PLACE_CARD));
  }

  @Test
  void next_card_after_an_ended_session_starts_session_two() {
    Session ended = flow.next(inPrinting(), new ReceiptPrinted(), T0).session();
    Session idleAgain = flow.next(ended, new CardRemoved(), T0).session();
    assertThat(flow.next(idleAgain, new CardInserted(), T0).session().number()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- card problems

  @Test
  void unreadable_card_fails_with_card_unreadable() {
    assertEnded(flow.next(inCardRead(), new CardReadFailed(DeviceFault.CARD_UNREADABLE), T0),
        State.FAILED, ResidentMessage.CARD_UNREADABLE);
  }

  @Test
  void expired_card_fails_with_card_expired() {
    Step step = flow.next(inCardRead(), new CardRead(SampleResidents.LIU_GUILAN_EXPIRED), T0);
    assertEnded(step, State.FAILED, ResidentMessage.CARD_EXPIRED);
  }

  @Test
  void card_valid_until_today_in_china_is_accepted() {
    // 2026-03-02T01:00Z is 09:00 on 2 March in Beijing.
    IdCard lastDay = SampleResidents.resident("王五", "510107", "19550618", "031", LocalDate.of(2026, 3, 2));
    assertThat(flow.next(inCardRead(), new CardRead(lastDay), T0).state()).isEqualTo(State.AWAITING_CONSENT);
  }

  // ---------------------------------------------------------------- consent

  @Test
  void consent_refused_cancels_without_record() {
    Step step = flow.next(inConsent(), new ConsentRefused(), T0);
    assertEnded(step, State.CANCELLED, ResidentMessage.CONSENT_REFUSED);
    assertThat(step.session().outcome()).isEmpty();
  }

  // ---------------------------------------------------------------- retries

  @Test
  void mismatch_with_attempts_left_tries_again() {
    Step step = flow.next(inMatching(), new FaceChecked(599), T0.plusSeconds(5));
    assertThat(step.state()).isEqualTo(State.FACE_CAPTURE);
    assertThat(step.session().attempt()).isEqualTo(2);
    assertThat(step.session().enteredAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(step.session().match()).hasValueSatisfying(m -> assertThat(m.passed()).isFalse());
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.MISMATCH_TRY_AGAIN), new CaptureFace(2));
  }

  @Test
  void mismatch_on_the_last_attempt_records_not_certified() {
    Session s = flow.next(inMatching(), new FaceChecked(100), T0).session();
    s = flow.next(s, new FaceCaptured(live()), T0).session();
    Step step = flow.next(s, new FaceChecked(100), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(step.session().outcome()).contains(Outcome.NOT_CERTIFIED);
    CommitRecord commit = (CommitRecord) step.effects().get(1);
    assertThat(commit.certification().outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(commit.certification().match()).hasValueSatisfying(m -> assertThat(m.passed()).isFalse());
  }

  @Test
  void second_attempt_match_certifies() {
    Session s = flow.next(inMatching(), new FaceChecked(100), T0).session();
    s = flow.next(s, new FaceCaptured(live()), T0).session();
    assertThat(flow.next(s, new FaceChecked(900), T0).session().outcome()).contains(Outcome.CERTIFIED);
  }

  @Test
  void liveness_failure_with_attempts_left_tries_again() {
    Step step = flow.next(inCapture(), new FaceCaptured(spoof()), T0);
    assertThat(step.state()).isEqualTo(State.FACE_CAPTURE);
    assertThat(step.session().attempt()).isEqualTo(2);
    assertThat(step.session().liveness()).hasValueSatisfying(l -> assertThat(l.passed()).isFalse());
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.LIVENESS_FAILED_TRY_AGAIN),
        new CaptureFace(2));
  }

  @Test
  void high_score_with_a_missed_challenge_is_not_live() {
    FaceCapture missed = new FaceCapture("c3", List.of(new ChallengeResult("NOD", false, Duration.ofSeconds(10))),
        990, "c".repeat(64), 10);
    assertThat(flow.next(inCapture(), new FaceCaptured(missed), T0).state()).isEqualTo(State.FACE_CAPTURE);
  }

  @Test
  void liveness_failure_on_the_last_attempt_records_not_certified_without_match() {
    Session s = flow.next(inCapture(), new FaceCaptured(spoof()), T0).session();
    Step step = flow.next(s, new FaceCaptured(spoof()), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(step.session().outcome()).contains(Outcome.NOT_CERTIFIED);
    CommitRecord commit = (CommitRecord) step.effects().get(1);
    assertThat(commit.certification().match()).isEmpty();
    assertThat(commit.certification().liveness()).hasValueSatisfying(l -> assertThat(l.passed()).isFalse());
  }

  @Test
  void no_retries_policy_records_not_certified_after_first_mismatch() {
    FlowPolicy once = new FlowPolicy(POLICY.cardReadTimeout(), POLICY.consentTimeout(), POLICY.faceCaptureTimeout(),
        POLICY.matchingTimeout(), POLICY.recordingTimeout(), POLICY.printingTimeout(), 700, 600, 1, POLICY.zone());
    CertificationFlow f = new CertificationFlow(once);
    Session s = f.start(T0).session();
    for (Event e : List.of(new CardInserted(), new CardRead(CARD), new ConsentGiven(), new FaceCaptured(live()))) {
      s = f.next(s, e, T0).session();
    }
    assertThat(f.next(s, new FaceChecked(10), T0).session().outcome()).contains(Outcome.NOT_CERTIFIED);
  }

  @Test
  void not_certified_receipt_ends_done_with_see_staff() {
    Session s = flow.next(inCapture(), new FaceCaptured(spoof()), T0).session();
    s = flow.next(s, new FaceCaptured(spoof()), T0).session();
    s = flow.next(s, new RecordCommitted("rec-2", 8), T0).session();
    assertThat(s.state()).isEqualTo(State.PRINTING);
    assertEnded(flow.next(s, new ReceiptPrinted(), T0), State.DONE, ResidentMessage.NOT_CERTIFIED_SEE_STAFF);
  }

  // ---------------------------------------------------------------- device and outbox failures

  @Test
  void camera_failure_during_capture_fails_to_staff() {
    assertEnded(flow.next(inCapture(), new FaceCheckFailed(DeviceFault.NOT_CONNECTED), T0),
        State.FAILED, ResidentMessage.CAMERA_UNAVAILABLE_SEE_STAFF);
  }

  @Test
  void camera_failure_during_matching_fails_to_staff() {
    assertEnded(flow.next(inMatching(), new FaceCheckFailed(DeviceFault.HARDWARE_ERROR), T0),
        State.FAILED, ResidentMessage.CAMERA_UNAVAILABLE_SEE_STAFF);
  }

  @Test
  void commit_failure_fails_to_staff() {
    assertEnded(flow.next(inRecording(), new CommitFailed("disk full"), T0),
        State.FAILED, ResidentMessage.RECORD_NOT_SAVED_SEE_STAFF);
  }

  // ---------------------------------------------------------------- cancel and card removal

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CARD_READ", "AWAITING_CONSENT", "FACE_CAPTURE", "MATCHING",
      "STAFF_ASSIST"})
  void cancel_in_an_interactive_state_cancels(State state) {
    Session s = in(state);
    Step step = flow.next(s, new Cancel(), T0);
    assertEnded(step, State.CANCELLED, ResidentMessage.CANCELLED);
    assertThat(step.session().outcome()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CARD_READ", "AWAITING_CONSENT", "FACE_CAPTURE", "MATCHING"})
  void card_removed_in_an_interactive_state_cancels(State state) {
    assertEnded(flow.next(in(state), new CardRemoved(), T0), State.CANCELLED, ResidentMessage.CARD_REMOVED);
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"RECORDING", "PRINTING"})
  void cancel_and_card_removal_are_ignored_once_recording(State state) {
    Session s = in(state);
    assertIgnored(s, flow.next(s, new Cancel(), T0));
    assertIgnored(s, flow.next(s, new CardRemoved(), T0));
  }

  @Test
  void cancel_while_waiting_is_ignored() {
    Session s = idle();
    assertIgnored(s, flow.next(s, new Cancel(), T0));
    assertIgnored(s, flow.next(s, new CardRemoved(), T0));
  }

  // ---------------------------------------------------------------- timeouts

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CARD_READ", "AWAITING_CONSENT", "FACE_CAPTURE", "MATCHING"})
  void interactive_state_times_out_exactly_at_its_limit(State state) {
    Session s = in(state);
    Duration limit = POLICY.timeoutOf(state).orElseThrow();
    assertIgnored(s, flow.next(s, new Tick(T0.plus(limit).minusMillis(1)), T0.plus(limit).minusMillis(1)));
    Step step = flow.next(s, new Tick(T0.plus(limit)), T0.plus(limit));
    assertEnded(step, State.TIMED_OUT, ResidentMessage.TIMED_OUT_START_AGAIN);
    assertThat(step.session().enteredAt()).isEqualTo(T0.plus(limit));
  }

  @Test
  void recording_timeout_fails_to_staff() {
    Step step = flow.next(inRecording(), new Tick(T0.plusSeconds(30)), T0.plusSeconds(30));
    assertEnded(step, State.FAILED, ResidentMessage.RECORD_NOT_SAVED_SEE_STAFF);
  }

  @Test
  void printing_timeout_ends_done_without_receipt() {
    Step step = flow.next(inPrinting(), new Tick(T0.plusSeconds(30)), T0.plusSeconds(30));
    assertEnded(step, State.DONE, ResidentMessage.CERTIFIED_NO_RECEIPT);
  }

  @Test
  void retry_restarts_the_capture_time_limit() {
    Session s = flow.next(inCapture(), new FaceCaptured(spoof()), T0.plusSeconds(100)).session();
    assertIgnored(s, flow.next(s, new Tick(T0.plusSeconds(200)), T0.plusSeconds(200)));
    assertThat(flow.next(s, new Tick(T0.plusSeconds(240)), T0.plusSeconds(240)).state()).isEqualTo(State.TIMED_OUT);
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"WAITING_FOR_CARD", "DONE", "CANCELLED", "TIMED_OUT", "FAILED"})
  void states_without_limit_never_time_out(State state) {
    Session s = in(state);
    assertIgnored(s, flow.next(s, new Tick(T0.plus(Duration.ofDays(1))), T0.plus(Duration.ofDays(1))));
  }

  @Test
  void flow_policy_from_config_policy() {
    var p = new org.doorstep.config.profile.Policy(
        new org.doorstep.config.profile.Policy.Liveness(List.of("BLINK"), 2, Duration.ofSeconds(10), 700),
        600, 1, Duration.ofMinutes(2), Duration.ofDays(30), 50, Duration.ofSeconds(20), Duration.ofSeconds(30));
    FlowPolicy f = FlowPolicy.from(p, ZoneId.of("Asia/Shanghai"));
    assertThat(f.consentTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(f.faceCaptureTimeout()).isEqualTo(Duration.ofSeconds(140));
    assertThat(f.maxAttempts()).isEqualTo(2);
    assertThat(f.livenessThresholdMilli()).isEqualTo(700);
    assertThat(f.matchThresholdMilli()).isEqualTo(600);
  }

  // ---------------------------------------------------------------- events out of place

  @Test
  void every_event_out_of_place_is_ignored() {
    List<Event> all = List.of(new CardInserted(), new CardRead(CARD), new CardReadFailed(DeviceFault.TIMEOUT),
        new ConsentGiven(), new ConsentRefused(), new FaceCaptured(live()), new FaceChecked(900),
        new FaceCheckFailed(DeviceFault.UNKNOWN), new RecordCommitted("x", 1), new CommitFailed("x"),
        new ReceiptPrinted(), new PrintFailed(DeviceFault.PAPER_OUT), new ReferencePhotoMissing(),
        new StaffDecision("staff-01", true, true, true));
    // state -> the events it reacts to (besides Tick, Cancel and CardRemoved, tested above)
    java.util.Map<State, List<Class<? extends Event>>> handled = java.util.Map.of(
        State.WAITING_FOR_CARD, List.of(CardInserted.class),
        State.CARD_READ, List.of(CardRead.class, CardReadFailed.class),
        State.AWAITING_CONSENT, List.of(ConsentGiven.class, ConsentRefused.class),
        State.FACE_CAPTURE, List.of(FaceCaptured.class, FaceCheckFailed.class),
        State.MATCHING, List.of(FaceChecked.class, FaceCheckFailed.class),
        State.RECORDING, List.of(RecordCommitted.class, CommitFailed.class),
        State.PRINTING, List.of(ReceiptPrinted.class, PrintFailed.class),
        State.STAFF_ASSIST, List.of(StaffDecision.class));
    for (State state : State.values()) {
      Session s = in(state);
      for (Event e : all) {
        boolean reacts = handled.getOrDefault(state, List.of()).contains(e.getClass());
        Step step = flow.next(s, e, T0);
        if (reacts) {
          assertThat(step.effects()).as("%s in %s", e, state).isNotEmpty();
        } else {
          assertThat(step.session()).as("%s in %s", e, state).isEqualTo(s);
          assertThat(step.effects()).as("%s in %s", e, state).isEmpty();
        }
      }
    }
  }

  @Test
  void session_to_string_masks_the_card_holder() {
    String text = inConsent().toString();
    assertThat(text).doesNotContain(CARD.idNumber().unmasked()).doesNotContain(CARD.name().unmasked());
  }

  // ---------------------------------------------------------------- device problems and tamper (issue 4)

  @Test
  void cardReadFailed_withReaderProblem_endsWithThatMessage() {
    Step step = flow.next(inCardRead(), new CardReadFailed(DeviceFault.CARD_UNREADABLE,
        java.util.Optional.of(ResidentMessage.READER_PLACE_CARD_FLAT)), T0);
    assertEnded(step, State.FAILED, ResidentMessage.READER_PLACE_CARD_FLAT);
  }

  @Test
  void printFailed_withPrinterProblem_showsItThenCertifiedWithoutReceipt() {
    Step step = flow.next(inPrinting(), new PrintFailed(DeviceFault.PAPER_OUT,
        java.util.Optional.of(ResidentMessage.PRINTER_PAPER_OUT)), T0);
    assertThat(step.state()).isEqualTo(State.DONE);
    assertThat(step.session().message()).contains(ResidentMessage.CERTIFIED_NO_RECEIPT);
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.PRINTER_PAPER_OUT),
        new ShowMessage(ResidentMessage.CERTIFIED_NO_RECEIPT), new EndSession(step.session()));
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CARD_READ", "AWAITING_CONSENT", "FACE_CAPTURE", "MATCHING", "RECORDING",
      "PRINTING", "STAFF_ASSIST"})
  void tampered_inProgress_failsAtOnceWithoutPersonalData(State state) {
    Step step = flow.next(in(state), new Event.Tampered(), T0);
    assertEnded(step, State.FAILED, ResidentMessage.OUT_OF_SERVICE_SEE_STAFF);
    assertThat(step.session().card()).isEmpty();
    assertThat(step.session().capture()).isEmpty();
    assertThat(step.session().liveness()).isEmpty();
    assertThat(step.session().match()).isEmpty();
  }

  @Test
  void tampered_afterTheEnd_dropsTheCardAndSaysOutOfService() {
    Session done = in(State.DONE);
    assertThat(done.card()).isPresent();
    Step step = flow.next(done, new Event.Tampered(), T0);
    assertThat(step.state()).isEqualTo(State.DONE);
    assertThat(step.session().card()).isEmpty();
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.OUT_OF_SERVICE_SEE_STAFF));
  }

  @Test
  void tampered_whileIdle_isIgnored() {
    Session idle = idle();
    assertIgnored(idle, flow.next(idle, new Event.Tampered(), T0));
  }

  // ---------------------------------------------------------------- "ID photo too old" (policy.mismatch)

  /** Both card-photo attempts were live and did not match. */
  private Step lastCardMismatch(CertificationFlow f) {
    Session s = f.start(T0).session();
    for (Event e : List.of(new CardInserted(), new CardRead(CARD), new ConsentGiven(), new FaceCaptured(live()),
        new FaceChecked(300), new FaceCaptured(live()))) {
      s = f.next(s, e, T0).session();
    }
    return f.next(s, new FaceChecked(310), T0);
  }

  private Session inLastPhotoMatching() {
    return lastCardMismatch(fallbacks).session();
  }

  private Session inStaffAssist() {
    return fallbacks.next(inLastPhotoMatching(), new ReferencePhotoMissing(), T0).session();
  }

  private static Effect.Certification committed(Step step) {
    return step.effects().stream().filter(CommitRecord.class::isInstance).map(e -> ((CommitRecord) e).certification())
        .findFirst().orElseThrow();
  }

  @Test
  void mismatch_with_an_attempt_left_retries_even_with_fallbacks() {
    Session s = fallbacks.next(fallbacks.next(inCapture(), new FaceCaptured(live()), T0).session(),
        new FaceChecked(300), T0).session();
    assertThat(s.state()).isEqualTo(State.FACE_CAPTURE);
    assertThat(s.attempt()).isEqualTo(2);
    assertThat(s.lastPhotoTried()).isFalse();
  }

  @Test
  void last_card_mismatch_matches_against_the_last_certification_photo() {
    Step step = lastCardMismatch(fallbacks);
    assertThat(step.state()).isEqualTo(State.MATCHING);
    assertThat(step.session().lastPhotoTried()).isTrue();
    assertThat(step.session().match()).contains(new FaceMatch(false, 310, 600, CertificationFlow.MATCH_REFERENCE));
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.MATCHING_LAST_PHOTO),
        new MatchReferencePhoto(live(), CARD));
  }

  @Test
  void last_certification_photo_match_certifies_and_records_that_reference() {
    Step step = fallbacks.next(inLastPhotoMatching(), new FaceChecked(820), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    Effect.Certification c = committed(step);
    assertThat(c.outcome()).isEqualTo(Outcome.CERTIFIED);
    assertThat(c.match()).contains(new FaceMatch(true, 820, 600, CertificationFlow.LAST_CERTIFICATION_REFERENCE));
    assertThat(c.mode()).isEqualTo(Mode.SELF);
    assertThat(c.operator()).isEmpty();
    assertThat(c.idPhotoEvidence()).isFalse();
  }

  @Test
  void last_certification_photo_mismatch_calls_staff() {
    Step step = fallbacks.next(inLastPhotoMatching(), new FaceChecked(200), T0);
    assertThat(step.state()).isEqualTo(State.STAFF_ASSIST);
    assertThat(step.session().match())
        .contains(new FaceMatch(false, 200, 600, CertificationFlow.LAST_CERTIFICATION_REFERENCE));
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.WAIT_FOR_STAFF), new CallStaff());
  }

  @Test
  void no_last_certification_photo_calls_staff() {
    Step step = fallbacks.next(inLastPhotoMatching(), new ReferencePhotoMissing(), T0);
    assertThat(step.state()).isEqualTo(State.STAFF_ASSIST);
    assertThat(step.session().match()).contains(new FaceMatch(false, 310, 600, CertificationFlow.MATCH_REFERENCE));
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.WAIT_FOR_STAFF), new CallStaff());
  }

  @Test
  void missing_reference_photo_is_ignored_while_matching_the_card_photo() {
    Session s = fallbacks.next(inCapture(), new FaceCaptured(live()), T0).session();
    assertIgnored(s, fallbacks.next(s, new ReferencePhotoMissing(), T0));
  }

  @Test
  void without_the_photo_policy_a_last_mismatch_goes_straight_to_staff() {
    Step step = lastCardMismatch(new CertificationFlow(withFallbacks(false, true)));
    assertThat(step.state()).isEqualTo(State.STAFF_ASSIST);
    assertThat(step.session().lastPhotoTried()).isFalse();
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.WAIT_FOR_STAFF), new CallStaff());
  }

  @Test
  void without_the_staff_policy_a_last_photo_mismatch_is_not_certified() {
    CertificationFlow f = new CertificationFlow(withFallbacks(true, false));
    Session s = lastCardMismatch(f).session();
    Step step = f.next(s, new FaceChecked(100), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(committed(step).outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(committed(step).mode()).isEqualTo(Mode.SELF);
  }

  @Test
  void without_either_fallback_a_last_mismatch_is_not_certified() {
    Step step = lastCardMismatch(flow);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(committed(step).outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(committed(step).match()).contains(new FaceMatch(false, 310, 600, CertificationFlow.MATCH_REFERENCE));
  }

  @Test
  void liveness_failure_never_reaches_the_fallbacks() {
    Session s = fallbacks.next(inCapture(), new FaceCaptured(spoof()), T0).session();
    Step step = fallbacks.next(s, new FaceCaptured(spoof()), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(committed(step).outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
  }

  @Test
  void staff_confirming_all_three_records_staff_confirmed_with_operator_and_card_photo_evidence() {
    Step step = fallbacks.next(inStaffAssist(), new StaffDecision("staff-07", true, true, true), T0);
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(step.session().operator()).contains("staff-07");
    Effect.Certification c = committed(step);
    assertThat(c.outcome()).isEqualTo(Outcome.STAFF_CONFIRMED);
    assertThat(c.mode()).isEqualTo(Mode.STAFF_ASSISTED);
    assertThat(c.operator()).contains("staff-07");
    assertThat(c.idPhotoEvidence()).isTrue();
    assertThat(c.capture()).contains(live());
    assertThat(c.match()).hasValueSatisfying(m -> assertThat(m.passed()).isFalse());
  }

  @Test
  void staff_not_confirming_the_photo_records_not_certified_in_staff_assisted_mode() {
    Step step = fallbacks.next(inStaffAssist(), new StaffDecision("staff-07", true, false, true), T0);
    Effect.Certification c = committed(step);
    assertThat(c.outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(c.mode()).isEqualTo(Mode.STAFF_ASSISTED);
    assertThat(c.operator()).contains("staff-07");
    assertThat(c.idPhotoEvidence()).isTrue();
  }

  @Test
  void staff_decision_needs_an_operator_id() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StaffDecision(" ", true, true, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("operatorId: required for a staff decision");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StaffDecision("s".repeat(65), true, true, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("operatorId: at most 64");
  }

  @Test
  void no_staff_in_time_records_not_certified_in_self_mode() {
    Session s = inStaffAssist();
    Duration wait = withFallbacks(true, true).timeoutOf(State.STAFF_ASSIST).orElseThrow();
    assertThat(wait).isEqualTo(Duration.ofMinutes(5));
    assertIgnored(s, fallbacks.next(s, new Tick(T0.plus(wait).minusMillis(1)), T0.plus(wait).minusMillis(1)));
    Step step = fallbacks.next(s, new Tick(T0.plus(wait)), T0.plus(wait));
    assertThat(step.state()).isEqualTo(State.RECORDING);
    assertThat(committed(step).outcome()).isEqualTo(Outcome.NOT_CERTIFIED);
    assertThat(committed(step).mode()).isEqualTo(Mode.SELF);
    assertThat(committed(step).idPhotoEvidence()).isFalse();
  }

  @Test
  void staff_lifting_the_card_does_not_end_a_staff_assisted_session() {
    Session s = inStaffAssist();
    assertIgnored(s, fallbacks.next(s, new CardRemoved(), T0));
  }

  @Test
  void staff_confirmed_session_ends_certified_with_receipt() {
    Session s = fallbacks.next(inStaffAssist(), new StaffDecision("staff-07", true, true, true), T0).session();
    s = fallbacks.next(s, new RecordCommitted("rec-9", 9), T0).session();
    assertEnded(fallbacks.next(s, new ReceiptPrinted(), T0), State.DONE, ResidentMessage.CERTIFIED_TAKE_RECEIPT);
  }

  @Test
  void committed_certification_keeps_the_live_photo_as_the_next_reference() {
    Session s = fallbacks.next(fallbacks.next(inCapture(), new FaceCaptured(live()), T0).session(),
        new FaceChecked(870), T0).session();
    Step step = fallbacks.next(s, new RecordCommitted("rec-1", 7), T0);
    assertThat(step.state()).isEqualTo(State.PRINTING);
    assertThat(step.effects()).containsExactly(new ShowMessage(ResidentMessage.PRINTING),
        new PrintReceipt(CARD, Outcome.CERTIFIED, "rec-1", 7, T0), new KeepReferencePhoto(CARD, live()));
  }

  @Test
  void committed_staff_confirmation_keeps_the_live_photo_as_the_next_reference() {
    Session s = fallbacks.next(inStaffAssist(), new StaffDecision("staff-07", true, true, true), T0).session();
    assertThat(fallbacks.next(s, new RecordCommitted("rec-2", 8), T0).effects())
        .contains(new KeepReferencePhoto(CARD, live()));
  }

  @Test
  void no_reference_is_kept_when_not_certified_or_when_the_policy_keeps_none() {
    Session declined = fallbacks.next(inStaffAssist(), new StaffDecision("staff-07", false, true, true), T0).session();
    assertThat(fallbacks.next(declined, new RecordCommitted("rec-3", 9), T0).effects())
        .noneMatch(KeepReferencePhoto.class::isInstance);
    assertThat(flow.next(inRecording(), new RecordCommitted("rec-4", 10), T0).effects())
        .noneMatch(KeepReferencePhoto.class::isInstance);
  }

  @Test
  void self_service_certification_is_recorded_in_self_mode_without_card_photo_evidence() {
    Effect.Certification c = committed(flow.next(inMatching(), new FaceChecked(870), T0));
    assertThat(c.mode()).isEqualTo(Mode.SELF);
    assertThat(c.operator()).isEmpty();
    assertThat(c.idPhotoEvidence()).isFalse();
  }

  @Test
  void flow_policy_from_config_reads_the_mismatch_policy() {
    var l = new org.doorstep.config.profile.Policy.Liveness(List.of("BLINK"), 1, Duration.ofSeconds(10), 700);
    var p = new org.doorstep.config.profile.Policy(l, 500, 1, Duration.ofMinutes(2), Duration.ofDays(30), 50,
        Duration.ofSeconds(20), Duration.ofSeconds(30),
        new org.doorstep.config.profile.Policy.Mismatch(true, false, Duration.ofMinutes(3), Duration.ofDays(400)));
    FlowPolicy f = FlowPolicy.from(p, ZoneId.of("Asia/Shanghai"));
    assertThat(f.lastCertificationPhoto()).isTrue();
    assertThat(f.staffAssisted()).isFalse();
    assertThat(f.timeoutOf(State.STAFF_ASSIST)).contains(Duration.ofMinutes(3));
    var old = new org.doorstep.config.profile.Policy(l, 500, 1, Duration.ofMinutes(2), Duration.ofDays(30), 50,
        Duration.ofSeconds(20), Duration.ofSeconds(30));
    assertThat(FlowPolicy.from(old, ZoneId.of("Asia/Shanghai")).staffAssisted()).isFalse();
  }

  private Session in(State state) {
    return switch (state) {
      case WAITING_FOR_CARD -> idle();
      case CARD_READ -> inCardRead();
      case AWAITING_CONSENT -> inConsent();
      case FACE_CAPTURE -> inCapture();
      case MATCHING -> inMatching();
      case RECORDING -> inRecording();
      case PRINTING -> inPrinting();
      case DONE -> flow.next(inPrinting(), new ReceiptPrinted(), T0).session();
      case CANCELLED -> flow.next(inConsent(), new Cancel(), T0).session();
      case TIMED_OUT -> flow.next(inConsent(), new Tick(T0.plusSeconds(120)), T0).session();
      case FAILED -> flow.next(inCardRead(), new CardReadFailed(DeviceFault.TIMEOUT), T0).session();
      case STAFF_ASSIST -> inStaffAssist();
    };
  }
}
