package org.doorstep.agent.screen.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.agent.session.ResidentMessage.CANNOT_CERTIFY_NOW;
import static org.doorstep.agent.session.ResidentMessage.CERTIFIED_TAKE_RECEIPT;
import static org.doorstep.agent.session.ResidentMessage.CONFIRM_CONSENT;
import static org.doorstep.agent.session.ResidentMessage.CONSENT_REFUSED;
import static org.doorstep.agent.session.ResidentMessage.FOLLOW_CHALLENGES;
import static org.doorstep.agent.session.ResidentMessage.LIVENESS_FAILED_TRY_AGAIN;
import static org.doorstep.agent.session.ResidentMessage.MATCHING;
import static org.doorstep.agent.session.ResidentMessage.PLACE_CARD;
import static org.doorstep.agent.session.ResidentMessage.PRINTING;
import static org.doorstep.agent.session.ResidentMessage.READING_CARD;
import static org.doorstep.agent.session.ResidentMessage.TIMED_OUT_START_AGAIN;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.screen.flow.ScreenEffect.AnswerConsent;
import org.doorstep.agent.screen.flow.ScreenEffect.FailConsent;
import org.doorstep.agent.screen.flow.ScreenEffect.Push;
import org.doorstep.agent.screen.flow.ScreenInput.Answer;
import org.doorstep.agent.screen.flow.ScreenInput.AskConsent;
import org.doorstep.agent.screen.flow.ScreenInput.Guide;
import org.doorstep.agent.screen.flow.ScreenInput.PageConnected;
import org.doorstep.agent.screen.flow.ScreenInput.PageLost;
import org.doorstep.agent.screen.flow.ScreenInput.Resident;
import org.doorstep.agent.screen.flow.ScreenInput.Show;
import org.doorstep.agent.screen.flow.ScreenInput.Tick;
import org.doorstep.agent.screen.flow.ScreenInput.Touch;
import org.doorstep.agent.session.ResidentMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The screen flow as tables: each row plays inputs at given seconds and names the page, the step, whether the
 * consent question is open, whether the masked resident shows, the countdown and the consent effects it expects.
 * Idle timeout 60 s, 10 s per challenge, reconnect grace 5 s. No I/O.
 */
class ScreenFlowTest {
  private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
  private static final ScreenFlow FLOW = new ScreenFlow(Duration.ofSeconds(60), Duration.ofSeconds(10));
  private static final MaskedResident ZHANG = MaskedResident.of(SampleResidents.ZHANG_SAN);

  /** One input at {@code ms} milliseconds after T0. */
  private record At(long ms, ScreenInput input) {}

  private static At at(double seconds, ScreenInput input) {
    return new At(Math.round(seconds * 1000), input);
  }

  private static ScreenInput show(ResidentMessage m) {
    return new Show(m);
  }

  private static ScreenInput guide(Guidance g) {
    return new Guide(g);
  }

  private static ScreenInput resident() {
    return new Resident(Optional.of(ZHANG));
  }

  private static ScreenInput tick() {
    return new Tick();
  }

  /** A page connected, a card read, the consent question open: the first rows start here. */
  private static List<At> consentAsked() {
    return List.of(at(0, new PageConnected()), at(0, show(READING_CARD)), at(1, resident()),
        at(1, show(CONFIRM_CONSENT)), at(1, new AskConsent()));
  }

  private static List<At> then(List<At> before, At... more) {
    List<At> all = new ArrayList<>(before);
    all.addAll(List.of(more));
    return all;
  }

  /** What a row ends with. */
  private record Expect(Page page, boolean consentOpen, boolean residentShown, OptionalLong remainingMs,
      List<ScreenEffect> consentEffects) {}

  private static Expect expect(Page page, boolean open, boolean resident, ScreenEffect... effects) {
    return new Expect(page, open, resident, OptionalLong.empty(), List.of(effects));
  }

  private static Expect countdown(long remainingMs) {
    return new Expect(Page.FACE, false, true, OptionalLong.of(remainingMs), List.of(new AnswerConsent(true)));
  }

  static Stream<Arguments> rows() {
    List<At> face = then(consentAsked(), at(2, new Answer(true)), at(2, show(FOLLOW_CHALLENGES)));
    return Stream.of(
        Arguments.of("start page after boot", List.of(at(0, tick())), expect(Page.START, false, false)),
        Arguments.of("the card page shows no name yet", List.of(at(0, show(READING_CARD)), at(0, resident())),
            expect(Page.CARD, false, false)),
        Arguments.of("consent open with the masked resident", consentAsked(), expect(Page.CONSENT, true, true)),
        Arguments.of("agreed: the answer goes to the workflow", then(consentAsked(), at(3, new Answer(true))),
            expect(Page.CONSENT, false, true, new AnswerConsent(true))),
        Arguments.of("refused on the page", then(consentAsked(), at(3, new Answer(false)), at(3, show(CONSENT_REFUSED))),
            expect(Page.NOT_CERTIFIED, false, true, new AnswerConsent(false))),
        Arguments.of("a second answer is ignored",
            then(consentAsked(), at(3, new Answer(true)), at(3, new Answer(false))),
            expect(Page.CONSENT, false, true, new AnswerConsent(true))),
        // ---- countdown per challenge ----
        Arguments.of("no countdown while positioning", then(face, at(3, guide(Guidance.MOVE_CLOSER))),
            new Expect(Page.FACE, false, true, OptionalLong.empty(), List.of(new AnswerConsent(true)))),
        Arguments.of("a challenge starts its countdown", then(face, at(3, guide(Guidance.BLINK)), at(7, tick())),
            countdown(6000)),
        Arguments.of("face guidance during a challenge keeps its countdown",
            then(face, at(3, guide(Guidance.BLINK)), at(5, guide(Guidance.HOLD_STILL)), at(5, guide(Guidance.BLINK)),
                at(8, tick())),
            countdown(5000)),
        Arguments.of("the next challenge starts a new countdown",
            then(face, at(3, guide(Guidance.BLINK)), at(6, guide(Guidance.TURN_LEFT)), at(7.5, tick())),
            countdown(8500)),
        Arguments.of("the same challenge after TRY_AGAIN starts again",
            then(face, at(3, guide(Guidance.BLINK)), at(13, guide(Guidance.TRY_AGAIN)), at(13, guide(Guidance.BLINK)),
                at(14, tick())),
            countdown(9000)),
        Arguments.of("the countdown stops at zero", then(face, at(3, guide(Guidance.NOD)), at(30, tick())),
            countdown(0)),
        Arguments.of("DONE ends the countdown", then(face, at(3, guide(Guidance.BLINK)), at(4, guide(Guidance.DONE))),
            new Expect(Page.FACE, false, true, OptionalLong.empty(), List.of(new AnswerConsent(true)))),
        Arguments.of("a new attempt drops the old challenge",
            then(face, at(3, guide(Guidance.BLINK)), at(14, show(LIVENESS_FAILED_TRY_AGAIN))),
            new Expect(Page.FACE, false, true, OptionalLong.empty(), List.of(new AnswerConsent(true)))),
        Arguments.of("late guidance after the capture is not shown",
            then(face, at(3, show(MATCHING)), at(3, guide(Guidance.BLINK))),
            expect(Page.WAIT, false, true, new AnswerConsent(true))),
        // ---- idle timeout ----
        Arguments.of("consent untouched for 59 s stays", then(consentAsked(), at(60, tick())),
            expect(Page.CONSENT, true, true)),
        Arguments.of("consent untouched for 60 s: start, data gone, answered no", then(consentAsked(), at(61, tick())),
            expect(Page.START, false, false, new AnswerConsent(false))),
        Arguments.of("a touch restarts the idle clock", then(consentAsked(), at(50, new Touch()), at(109, tick())),
            expect(Page.CONSENT, true, true)),
        Arguments.of("the refusal that follows the idle timeout is not shown",
            then(consentAsked(), at(61, tick()), at(61, show(CONSENT_REFUSED))),
            expect(Page.START, false, false, new AnswerConsent(false))),
        Arguments.of("nor is the resident again",
            then(consentAsked(), at(61, tick()), at(61, show(CONSENT_REFUSED)), at(62, resident())),
            expect(Page.START, false, false, new AnswerConsent(false))),
        Arguments.of("the next card is shown after an idle timeout",
            then(consentAsked(), at(61, tick()), at(70, show(PLACE_CARD)), at(80, show(READING_CARD))),
            expect(Page.CARD, false, false, new AnswerConsent(false))),
        Arguments.of("a result page idles back to the start",
            then(face, at(5, show(PRINTING)), at(6, show(CERTIFIED_TAKE_RECEIPT)), at(66, tick())),
            expect(Page.START, false, false, new AnswerConsent(true))),
        Arguments.of("the face page never idles (the workflow bounds it)", then(face, at(200, tick())),
            new Expect(Page.FACE, false, true, OptionalLong.empty(), List.of(new AnswerConsent(true)))),
        Arguments.of("the start page after the card is taken carries no resident",
            then(face, at(6, show(TIMED_OUT_START_AGAIN)), at(8, show(PLACE_CARD))),
            expect(Page.START, false, false, new AnswerConsent(true))),
        // ---- reconnect grace ----
        Arguments.of("page lost 4.9 s: the question stays", then(consentAsked(), at(2, new PageLost()), at(6.9, tick())),
            expect(Page.CONSENT, true, true)),
        Arguments.of("page lost 5 s: the question fails",
            then(consentAsked(), at(2, new PageLost()), at(7, tick()), at(7, show(CONSENT_REFUSED))),
            expect(Page.NOT_CERTIFIED, false, true, new FailConsent("no page connected for 5 s"))),
        Arguments.of("a reload within the grace keeps the question open",
            then(consentAsked(), at(2, new PageLost()), at(2.4, new PageConnected()), at(30, tick())),
            expect(Page.CONSENT, true, true)),
        Arguments.of("two pages, one lost: the question stays",
            then(consentAsked(), at(1.5, new PageConnected()), at(2, new PageLost()), at(20, tick())),
            expect(Page.CONSENT, true, true)),
        Arguments.of("asked with no page at all: fails after the grace",
            List.of(at(0, show(CONFIRM_CONSENT)), at(0, new AskConsent()), at(5, tick())),
            expect(Page.CONSENT, false, false, new FailConsent("no page connected for 5 s"))),
        Arguments.of("the workflow moving on closes the question",
            then(consentAsked(), at(40, show(TIMED_OUT_START_AGAIN))),
            expect(Page.NOT_CERTIFIED, false, true,
                new FailConsent("the workflow left the consent question (result.timed-out)"))),
        Arguments.of("a page lost outside consent starts no grace",
            List.of(at(0, new PageConnected()), at(0, new PageLost()), at(0, show(CONFIRM_CONSENT)), at(20, tick())),
            expect(Page.CONSENT, false, false)),
        Arguments.of("cannot certify now is a start page", List.of(at(0, show(CANNOT_CERTIFY_NOW))),
            expect(Page.START, false, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void row(String name, List<At> inputs, Expect expected) {
    ScreenState s = FLOW.start(T0);
    List<ScreenEffect> consentEffects = new ArrayList<>();
    Instant last = T0;
    for (At a : inputs) {
      last = T0.plusMillis(a.ms());
      ScreenStep step = FLOW.next(s, a.input(), last);
      step.effects().stream().filter(e -> !(e instanceof Push)).forEach(consentEffects::add);
      s = step.state();
    }
    ScreenView v = FLOW.view(s, last);
    assertThat(v.page()).as("page").isEqualTo(expected.page());
    assertThat(v.step()).as("step").isEqualTo(expected.page().step());
    assertThat(v.steps()).isEqualTo(4);
    assertThat(v.consentOpen()).as("consent open").isEqualTo(expected.consentOpen());
    assertThat(v.subject().isPresent()).as("resident shown").isEqualTo(expected.residentShown());
    assertThat(v.challengeRemainingMs()).as("countdown").isEqualTo(expected.remainingMs());
    assertThat(consentEffects).as("consent effects").isEqualTo(expected.consentEffects());
  }

  static Stream<Arguments> steps() {
    return Stream.of(Arguments.of(PLACE_CARD, Page.START, 1), Arguments.of(READING_CARD, Page.CARD, 1),
        Arguments.of(ResidentMessage.PLACE_ID_OR_SOCIAL_SECURITY_CARD, Page.START, 1),
        Arguments.of(ResidentMessage.SSCARD_NOT_SSCARD, Page.NOT_CERTIFIED, 4),
        Arguments.of(CONFIRM_CONSENT, Page.CONSENT, 2), Arguments.of(FOLLOW_CHALLENGES, Page.FACE, 3),
        Arguments.of(MATCHING, Page.WAIT, 4), Arguments.of(ResidentMessage.WAIT_FOR_STAFF, Page.WAIT, 4),
        Arguments.of(ResidentMessage.PRINTER_PAPER_OUT, Page.WAIT, 4),
        Arguments.of(CERTIFIED_TAKE_RECEIPT, Page.CERTIFIED, 4),
        Arguments.of(ResidentMessage.CERTIFIED_NO_RECEIPT, Page.CERTIFIED, 4),
        Arguments.of(ResidentMessage.NOT_CERTIFIED_SEE_STAFF, Page.NOT_CERTIFIED, 4),
        Arguments.of(ResidentMessage.READER_PLACE_CARD_FLAT, Page.NOT_CERTIFIED, 4),
        Arguments.of(ResidentMessage.CANCELLED, Page.NOT_CERTIFIED, 4),
        Arguments.of(ResidentMessage.OUT_OF_SERVICE_SEE_STAFF, Page.NOT_CERTIFIED, 4));
  }

  @ParameterizedTest(name = "{0} → {1}, step {2} of 4")
  @MethodSource("steps")
  void message_page_and_step(ResidentMessage message, Page page, int step) {
    ScreenState s = FLOW.next(FLOW.start(T0), show(message), T0).state();
    ScreenView v = FLOW.view(s, T0);
    assertThat(v.page()).isEqualTo(page);
    assertThat(v.step()).isEqualTo(step);
    assertThat(v.message().key()).isEqualTo(message.key());
    assertThat(v.message().zh()).isEqualTo(message.zh());
    assertThat(v.message().en()).isEqualTo(message.words());
  }

  @ParameterizedTest
  @EnumSource(ResidentMessage.class)
  void every_message_has_a_page_and_only_start_messages_lead_to_the_start(ResidentMessage m) {
    Page p = ScreenFlow.pageOf(m);
    assertThat(p == Page.START).isEqualTo(m == PLACE_CARD || m == ResidentMessage.PLACE_ID_OR_SOCIAL_SECURITY_CARD
        || m == CANNOT_CERTIFY_NOW);
  }

  @Test
  void only_visible_changes_push_and_count_a_version() {
    ScreenState s = FLOW.start(T0);
    ScreenStep connected = FLOW.next(s, new PageConnected(), T0);
    assertThat(connected.pushes()).isFalse();
    assertThat(connected.state().version()).isEqualTo(s.version());
    ScreenStep touched = FLOW.next(connected.state(), new Touch(), T0.plusSeconds(1));
    assertThat(touched.pushes()).isFalse();
    ScreenStep reading = FLOW.next(touched.state(), show(READING_CARD), T0.plusSeconds(2));
    assertThat(reading.pushes()).isTrue();
    assertThat(reading.state().version()).isEqualTo(s.version() + 1);
    // The resident is not shown on the card page: no push until the consent page shows them.
    ScreenStep who = FLOW.next(reading.state(), resident(), T0.plusSeconds(3));
    assertThat(who.pushes()).isFalse();
    ScreenStep consent = FLOW.next(who.state(), show(CONFIRM_CONSENT), T0.plusSeconds(3));
    assertThat(consent.pushes()).isTrue();
    assertThat(FLOW.view(consent.state(), T0).subject()).contains(new ScreenView.Subject("张*", ZHANG.idNumber()));
    assertThat(ZHANG.idNumber()).doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked());
  }

  @Test
  void guidance_shows_in_both_languages_on_the_face_page() {
    ScreenState s = FLOW.next(FLOW.start(T0), show(FOLLOW_CHALLENGES), T0).state();
    s = FLOW.next(s, guide(Guidance.TURN_LEFT), T0).state();
    assertThat(FLOW.view(s, T0).guidance()).contains(new ScreenView.Text("challenge.turn-left", "请慢慢向左转头",
        "slowly turn your head to your left"));
    assertThat(FLOW.view(s, T0).challengeRemainingMs()).hasValue(10_000);
  }
}
