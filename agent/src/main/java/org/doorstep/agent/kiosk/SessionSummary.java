package org.doorstep.agent.kiosk;

import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.config.contract.CertificationRecord.Outcome;

/**
 * How a session ended, with personal values already masked (safe to print and log).
 *
 * @param deviceId     the terminal
 * @param session      session number on this kiosk since start
 * @param state        the terminal state
 * @param message      what the screen said
 * @param outcome      the decision, when a record was made
 * @param recordId     the committed record, if any
 * @param seq          its sequence (0 when none)
 * @param maskedId     the card holder's ID number, masked ({@code 110***********123X}); empty before a card was read
 * @param maskedName   the card holder's name, masked ({@code 张*})
 */
public record SessionSummary(String deviceId, long session, State state, ResidentMessage message,
    Optional<Outcome> outcome, Optional<String> recordId, long seq, String maskedId, String maskedName) {
  public SessionSummary {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(maskedId, "maskedId");
    Objects.requireNonNull(maskedName, "maskedName");
  }

  /** Whether the resident was certified (a record with outcome CERTIFIED or STAFF_CONFIRMED was committed). */
  public boolean certified() {
    return outcome.filter(o -> o == Outcome.CERTIFIED || o == Outcome.STAFF_CONFIRMED).isPresent();
  }

  /** One line for the demo console: {@code kiosk-1 certified 110***********123X 张* record 0193… (outbox pending 0)}. */
  public String line(long outboxPending) {
    String what = outcome.map(o -> switch (o) {
      case CERTIFIED -> "certified";
      case NOT_CERTIFIED -> "not-certified";
      case STAFF_CONFIRMED -> "staff-confirmed";
      case COMPLETED -> "completed";
    }).orElse(state.name().toLowerCase(java.util.Locale.ROOT));
    return deviceId + " " + what + " " + (maskedId.isEmpty() ? "-" : maskedId) + " "
        + (maskedName.isEmpty() ? "-" : maskedName) + " record " + recordId.orElse("-")
        + " [" + message.key() + "] (outbox pending " + outboxPending + ")";
  }
}
