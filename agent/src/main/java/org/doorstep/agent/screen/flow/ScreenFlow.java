package org.doorstep.agent.screen.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.doorstep.agent.model.Guidance;
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

/**
 * What the resident's screen shows, and when, as a transition table; the browser adapter
 * ({@code screen.BrowserScreen}) performs its effects and sends {@link #view} to the pages.
 *
 * <pre>
 * Show(message)      → the message's page ({@link #pageOf}): START, CARD, CONSENT, FACE, WAIT, CERTIFIED, NOT_CERTIFIED;
 *                      entering a page restarts the idle clock; leaving FACE drops the guidance; a new FACE message
 *                      (next attempt) drops it too; leaving CONSENT with the question open fails it
 * Guide(guidance)    → on FACE only: shown; a challenge ({@code challenge.*}) other than the running one starts its
 *                      countdown ({@code policy.liveness.perChallenge}), TRY_AGAIN and DONE stop it, face.* leaves it
 * Resident(masked)   → kept; shown on CONSENT … result pages, never on START or CARD
 * AskConsent         → the question is open; with no page connected the reconnect grace starts at once
 * Answer(agreed)     → open question: AnswerConsent(agreed); none open: ignored (the adapter says 409)
 * Touch              → the idle clock restarts
 * PageConnected      → counted; the reconnect grace stops
 * PageLost           → counted; the last page lost with the question open starts the reconnect grace
 * Tick, grace over   → FailConsent (the workflow takes it as a refusal: CONSENT_REFUSED, no record)
 * Tick, CONSENT or a result page untouched for idleTimeout
 *                    → START, the resident forgotten; an open question: AnswerConsent(false). Until the workflow
 *                      shows START or CARD again (card taken away, next card), its messages about the session left
 *                      behind are not shown
 * </pre>
 *
 * Every change a page shows adds {@link Push} and one to the version. Pure: no I/O, no clock, no threads; time
 * arrives as {@code now}. Thread-safe.
 */
public final class ScreenFlow {
  /** How long an open consent question waits for a page to come back (a reload takes well under a second). */
  public static final Duration RECONNECT_GRACE = Duration.ofSeconds(5);

  private final Duration idleTimeout;
  private final Duration perChallenge;
  private final Duration reconnectGrace;

  /**
   * @param idleTimeout  {@code local.screen.idleTimeout}
   * @param perChallenge {@code policy.liveness.perChallenge}: the countdown of one challenge
   */
  public ScreenFlow(Duration idleTimeout, Duration perChallenge) {
    this(idleTimeout, perChallenge, RECONNECT_GRACE);
  }

  /** As {@link #ScreenFlow(Duration, Duration)} with another reconnect grace than {@link #RECONNECT_GRACE}. */
  public ScreenFlow(Duration idleTimeout, Duration perChallenge, Duration reconnectGrace) {
    this.idleTimeout = positive(idleTimeout, "idleTimeout");
    this.perChallenge = positive(perChallenge, "perChallenge");
    this.reconnectGrace = positive(reconnectGrace, "reconnectGrace");
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + ": must be positive, was " + d);
    }
    return d;
  }

  /** The screen of a kiosk that starts at {@code now}: the start page. */
  public ScreenState start(Instant now) {
    return ScreenState.initial(Objects.requireNonNull(now, "now"));
  }

  /** The page that shows {@code message}. */
  public static Page pageOf(ResidentMessage message) {
    return switch (message) {
      case PLACE_CARD, PLACE_ID_OR_SOCIAL_SECURITY_CARD, CANNOT_CERTIFY_NOW -> Page.START;
      case READING_CARD -> Page.CARD;
      case CONFIRM_CONSENT -> Page.CONSENT;
      case FOLLOW_CHALLENGES, LIVENESS_FAILED_TRY_AGAIN, MISMATCH_TRY_AGAIN -> Page.FACE;
      case MATCHING, MATCHING_LAST_PHOTO, WAIT_FOR_STAFF, SAVING, PRINTING -> Page.WAIT;
      case CERTIFIED_TAKE_RECEIPT, CERTIFIED_NO_RECEIPT -> Page.CERTIFIED;
      // A printer's problem shows just before the result ("paper out" then "certified, no receipt").
      case PRINTER_FAULT, PRINTER_COVER_OPEN, PRINTER_PAPER_OUT, PRINTER_PAPER_JAM, PRINTER_CUTTER_ERROR,
          PRINTER_HEAD_HOT, PRINTER_OFFLINE, PRINTER_PAPER_LOW -> Page.WAIT;
      // Document scans belong to services this slice does not show (registration): a waiting page says them.
      case DOCUMENT_NOT_FOUND, DOCUMENT_CUT_OFF, DOCUMENT_TOO_SMALL, DOCUMENT_BLURRED, DOCUMENT_GLARE,
          DOCUMENT_TOO_DARK -> Page.WAIT;
      // Every other message ends a session without a certification and says what to do.
      default -> Page.NOT_CERTIFIED;
    };
  }

  /**
   * The step for {@code input} on {@code state} at {@code now}.
   *
   * @return the new state and its effects; the state unchanged and no effects when the input changes nothing
   */
  public ScreenStep next(ScreenState state, ScreenInput input, Instant now) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(now, "now");
    List<ScreenEffect> effects = new ArrayList<>(2);
    ScreenState next;
    if (input instanceof Show s) {
      next = show(state, s.message(), now, effects);
    } else if (input instanceof Guide g) {
      next = guide(state, g.guidance(), now);
    } else if (input instanceof Resident r) {
      next = state.idledOut() && r.resident().isPresent() ? state : state.withResident(r.resident());
    } else if (input instanceof AskConsent) {
      if (state.consentOpen()) {
        effects.add(new FailConsent("a new consent question replaced the open one"));
      }
      next = state.withConsent(true, state.pages() == 0 ? Optional.of(now) : Optional.empty());
    } else if (input instanceof Answer a) {
      if (state.consentOpen()) {
        effects.add(new AnswerConsent(a.agreed()));
        next = state.withConsent(false, Optional.empty()).touched(now);
      } else {
        next = state;
      }
    } else if (input instanceof Touch) {
      next = state.touched(now);
    } else if (input instanceof PageConnected) {
      next = state.withPages(state.pages() + 1, Optional.empty());
    } else if (input instanceof PageLost) {
      int left = Math.max(0, state.pages() - 1);
      next = state.withPages(left, left == 0 && state.consentOpen()
          ? Optional.of(state.unwatchedSince().orElse(now)) : Optional.empty());
    } else if (input instanceof Tick) {
      next = tick(state, now, effects);
    } else {
      throw new IllegalArgumentException("unknown input " + input);
    }
    if (!sameView(state, next)) {
      next = next.withVersion(state.version() + 1);
      effects.add(new Push());
    }
    return new ScreenStep(next, effects);
  }

  private ScreenState show(ScreenState state, ResidentMessage message, Instant now, List<ScreenEffect> effects) {
    Page page = pageOf(message);
    if (state.idledOut() && page != Page.START && page != Page.CARD) {
      return state;   // about the session the idle timeout left behind
    }
    ScreenState next = state.withPage(page, message).withIdledOut(false);
    if (page != state.page()) {
      next = next.touched(now);
    }
    if (page != Page.FACE || message != state.message()) {
      next = next.withGuidance(Optional.empty(), Optional.empty(), Optional.empty());
    }
    if (page == Page.START) {
      next = next.withResident(Optional.empty());
    }
    if (page != Page.CONSENT && state.consentOpen()) {
      effects.add(new FailConsent("the workflow left the consent question (" + message.key() + ")"));
      next = next.withConsent(false, Optional.empty());
    }
    return next;
  }

  private static ScreenState guide(ScreenState state, Guidance g, Instant now) {
    if (state.page() != Page.FACE) {
      return state;   // late guidance of a capture that is over
    }
    if (isChallenge(g)) {
      boolean running = state.challenge().equals(Optional.of(g));
      return state.withGuidance(Optional.of(g), Optional.of(g),
          running ? state.challengeSince() : Optional.of(now));
    }
    if (g == Guidance.TRY_AGAIN || g == Guidance.DONE) {
      return state.withGuidance(Optional.of(g), Optional.empty(), Optional.empty());
    }
    return state.withGuidance(Optional.of(g), state.challenge(), state.challengeSince());
  }

  /** Whether {@code g} asks for a movement (blink, turn, nod, open the mouth), which has a time limit. */
  static boolean isChallenge(Guidance g) {
    return g.key().startsWith("challenge.") && g != Guidance.TRY_AGAIN && g != Guidance.DONE;
  }

  private ScreenState tick(ScreenState state, Instant now, List<ScreenEffect> effects) {
    ScreenState next = state;
    if (next.consentOpen() && next.unwatchedSince().isPresent()
        && !now.isBefore(next.unwatchedSince().get().plus(reconnectGrace))) {
      effects.add(new FailConsent("no page connected for " + reconnectGrace.toSeconds() + " s"));
      next = next.withConsent(false, Optional.empty());
    }
    if (next.page().idles() && !now.isBefore(next.touchedAt().plus(idleTimeout))) {
      if (next.consentOpen()) {
        effects.add(new AnswerConsent(false));
      }
      next = next.withPage(Page.START, ResidentMessage.PLACE_CARD)
          .withResident(Optional.empty())
          .withGuidance(Optional.empty(), Optional.empty(), Optional.empty())
          .withConsent(false, Optional.empty())
          .withIdledOut(true)
          .touched(now);
    }
    return next;
  }

  /** What the pages show of {@code state} at {@code now}. */
  public ScreenView view(ScreenState state, Instant now) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(now, "now");
    Page page = state.page();
    ResidentMessage m = state.message();
    Optional<ScreenView.Subject> resident = page.showsResident()
        ? state.resident().map(r -> new ScreenView.Subject(r.name(), r.idNumber())) : Optional.empty();
    Optional<ScreenView.Text> guidance = page == Page.FACE
        ? state.guidance().map(g -> new ScreenView.Text(g.key(), g.zh(), g.words())) : Optional.empty();
    OptionalLong remaining = page == Page.FACE && state.challengeSince().isPresent()
        ? OptionalLong.of(Math.max(0, perChallenge.minus(Duration.between(state.challengeSince().get(), now))
            .toMillis()))
        : OptionalLong.empty();
    return new ScreenView(state.version(), page, page.step(), Page.STEPS,
        new ScreenView.Text(m.key(), m.zh(), m.words()), resident, guidance, remaining, state.consentOpen());
  }

  /** Whether a page shows {@code a} and {@code b} alike (the clocks and the page count aside). */
  private static boolean sameView(ScreenState a, ScreenState b) {
    return a.page() == b.page() && a.message() == b.message() && a.consentOpen() == b.consentOpen()
        && (!b.page().showsResident() || a.resident().equals(b.resident()))
        && a.guidance().equals(b.guidance()) && a.challengeSince().equals(b.challengeSince());
  }
}
