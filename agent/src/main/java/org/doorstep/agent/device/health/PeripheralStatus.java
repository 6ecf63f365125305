package org.doorstep.agent.device.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.PeripheralHealth;

/**
 * How one peripheral is, at one moment. Immutable; the {@code with…} methods return copies.
 *
 * @param peripheral which one
 * @param status     its XFS-style status word
 * @param paper      paper supply; {@link PaperState#NOTSUPPORTED} for peripherals without paper, and
 *                   only then
 * @param lastError  the last error reported, if any (kept after recovery, so staff see what happened)
 * @param since      when {@code status} last changed
 */
public record PeripheralStatus(Peripheral peripheral, PeripheralHealth status, PaperState paper,
    Optional<HealthError> lastError, Instant since) {

  public PeripheralStatus {
    Objects.requireNonNull(peripheral, "peripheral");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(paper, "paper");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(since, "since");
    if (peripheral.hasPaper() == (paper == PaperState.NOTSUPPORTED)) {
      throw new IllegalArgumentException("paper: " + paper + " is not valid for " + peripheral.key()
          + (peripheral.hasPaper() ? " (use UNKNOWN when not known)" : " (only NOTSUPPORTED)"));
    }
  }

  /**
   * The state of a peripheral before any driver reported: {@link PeripheralHealth#NODEVICE} (not
   * configured until a driver says otherwise), paper {@link PaperState#UNKNOWN} for the printer.
   */
  public static PeripheralStatus initial(Peripheral peripheral, Instant now) {
    return new PeripheralStatus(peripheral, PeripheralHealth.NODEVICE,
        peripheral.hasPaper() ? PaperState.UNKNOWN : PaperState.NOTSUPPORTED, Optional.empty(), now);
  }

  /** A copy with {@code status}; {@link #since()} moves to {@code now} only when the status changes. */
  public PeripheralStatus withStatus(PeripheralHealth newStatus, Instant now) {
    return newStatus == status ? this : new PeripheralStatus(peripheral, newStatus, paper, lastError, now);
  }

  /** A copy with {@code paper} (ignored for peripherals without paper). */
  public PeripheralStatus withPaper(PaperState newPaper) {
    if (!peripheral.hasPaper() || newPaper == paper) {
      return this;
    }
    return new PeripheralStatus(peripheral, status, newPaper, lastError, since);
  }

  /** A copy with {@code error} as the last error. */
  public PeripheralStatus withError(HealthError error) {
    return new PeripheralStatus(peripheral, status, paper, Optional.of(error), since);
  }

  /** Whether the peripheral is configured and cannot work now (OFFLINE, POWEROFF, HWERROR). */
  public boolean isOutOfService() {
    return status == PeripheralHealth.OFFLINE || status == PeripheralHealth.POWEROFF
        || status == PeripheralHealth.HWERROR;
  }

  /** Whether the status says someone tampered (FRAUDATTEMPT or POTENTIALFRAUD). */
  public boolean isFraud() {
    return status == PeripheralHealth.FRAUDATTEMPT || status == PeripheralHealth.POTENTIALFRAUD;
  }
}
