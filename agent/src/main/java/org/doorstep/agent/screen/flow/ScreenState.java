package org.doorstep.agent.screen.flow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.session.ResidentMessage;

/**
 * Where the resident's screen is: what the pages show and the clocks behind it. Built by {@link ScreenFlow}; an
 * immutable value.
 *
 * @param version        grows with every change a page shows (a page drops an older view it gets late)
 * @param page           the page
 * @param message        the workflow's last message shown
 * @param resident       the resident being served (masked); a page shows it only where {@link Page#showsResident()}
 * @param guidance       the face-check guidance last shown (on {@link Page#FACE} only)
 * @param challenge      the liveness challenge running ({@code challenge.*} guidance), whose countdown runs
 * @param challengeSince when it started
 * @param consentOpen    the consent question is open
 * @param touchedAt      when the page was entered or last touched: the idle timeout counts from here
 * @param pages          how many pages are connected
 * @param unwatchedSince since when no page is connected while the consent question is open (the reconnect grace)
 * @param idledOut       the idle timeout sent the screen back to the start: the workflow's messages about the session
 *                       left behind are not shown, until it shows the start or reads a card again
 */
public record ScreenState(long version, Page page, ResidentMessage message, Optional<MaskedResident> resident,
    Optional<Guidance> guidance, Optional<Guidance> challenge, Optional<Instant> challengeSince, boolean consentOpen,
    Instant touchedAt, int pages, Optional<Instant> unwatchedSince, boolean idledOut) {
  public ScreenState {
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(resident, "resident");
    Objects.requireNonNull(guidance, "guidance");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(challengeSince, "challengeSince");
    Objects.requireNonNull(touchedAt, "touchedAt");
    Objects.requireNonNull(unwatchedSince, "unwatchedSince");
    if (pages < 0) {
      throw new IllegalArgumentException("pages: must not be negative, was " + pages);
    }
  }

  /** The screen of a kiosk that starts at {@code now}: the start page, no page connected yet. */
  static ScreenState initial(Instant now) {
    return new ScreenState(1, Page.START, ResidentMessage.PLACE_CARD, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), false, now, 0, Optional.empty(), false);
  }

  ScreenState withPage(Page p, ResidentMessage m) {
    return new ScreenState(version, p, m, resident, guidance, challenge, challengeSince, consentOpen, touchedAt,
        pages, unwatchedSince, idledOut);
  }

  ScreenState withResident(Optional<MaskedResident> r) {
    return new ScreenState(version, page, message, r, guidance, challenge, challengeSince, consentOpen, touchedAt,
        pages, unwatchedSince, idledOut);
  }

  ScreenState withGuidance(Optional<Guidance> g, Optional<Guidance> c, Optional<Instant> since) {
    return new ScreenState(version, page, message, resident, g, c, since, consentOpen, touchedAt, pages,
        unwatchedSince, idledOut);
  }

  ScreenState withConsent(boolean open, Optional<Instant> unwatched) {
    return new ScreenState(version, page, message, resident, guidance, challenge, challengeSince, open, touchedAt,
        pages, unwatched, idledOut);
  }

  ScreenState touched(Instant at) {
    return new ScreenState(version, page, message, resident, guidance, challenge, challengeSince, consentOpen, at,
        pages, unwatchedSince, idledOut);
  }

  ScreenState withPages(int n, Optional<Instant> unwatched) {
    return new ScreenState(version, page, message, resident, guidance, challenge, challengeSince, consentOpen,
        touchedAt, n, unwatched, idledOut);
  }

  ScreenState withIdledOut(boolean idled) {
    return new ScreenState(version, page, message, resident, guidance, challenge, challengeSince, consentOpen,
        touchedAt, pages, unwatchedSince, idled);
  }

  ScreenState withVersion(long v) {
    return new ScreenState(v, page, message, resident, guidance, challenge, challengeSince, consentOpen, touchedAt,
        pages, unwatchedSince, idledOut);
  }
}
