package org.doorstep.agent.device.wiring;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.health.HealthError;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.PaperState;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.device.idcard.ReaderProblem;
import org.doorstep.agent.device.printer.PrinterProblem;
import org.doorstep.agent.model.DeviceFault;

/**
 * Turns the answers of one peripheral's driver into its health: a success sets the status word, a
 * failure records the error (code = the driver's reason, or the fault) and the status it leaves. A
 * failure that repeats the current status and error code is not recorded again, so a reader polled
 * three times a second while unplugged does not flood the registry's listeners.
 *
 * <p>Consecutive "no answer" failures (TIMEOUT, NOT_CONNECTED) are counted; every {@code streakLimit}-th
 * one calls {@code onStreak} (the agent power-cycles the peripheral there, if it has a relay). While
 * {@code cycling} says a power cycle runs, the feed stays quiet: the cycler owns the status then.
 *
 * <p>Thread-safe (the registry is; the counter is guarded).
 */
final class PeripheralFeed {
  private final Peripheral peripheral;
  private final HealthRegistry health;
  private final int streakLimit;
  private final Runnable onStreak;
  private final BooleanSupplier cycling;
  private int streak;

  PeripheralFeed(Peripheral peripheral, HealthRegistry health, int streakLimit, Runnable onStreak,
      BooleanSupplier cycling) {
    this.peripheral = Objects.requireNonNull(peripheral, "peripheral");
    this.health = Objects.requireNonNull(health, "health");
    this.streakLimit = streakLimit;
    this.onStreak = Objects.requireNonNull(onStreak, "onStreak");
    this.cycling = Objects.requireNonNull(cycling, "cycling");
  }

  /** A call succeeded and the device says it is {@code status}. */
  void ok(PeripheralHealth status) {
    synchronized (this) {
      streak = 0;
    }
    if (!cycling.getAsBoolean()) {
      health.setStatus(peripheral, status);
    }
  }

  /** A call succeeded and the printer reports {@code problem} (or nothing) and {@code paper}. */
  void printerStatus(Optional<PrinterProblem> problem, PaperState paper) {
    synchronized (this) {
      streak = 0;
    }
    if (cycling.getAsBoolean()) {
      return;
    }
    health.update(peripheral, (s, now) -> {
      PeripheralStatus next = s.withPaper(paper);
      if (problem.isEmpty()) {
        return next.withStatus(PeripheralHealth.ONLINE, now);
      }
      PrinterProblem p = problem.get();
      next = next.withStatus(p.health(), now);
      return sameError(s, p.name()) ? next : next.withError(new HealthError(p.name(), p.advice(), now));
    });
  }

  /** A call failed with {@code error}. */
  void failed(Throwable error) {
    DeviceFault fault = DeviceException.faultOf(error);
    boolean noAnswer = fault == DeviceFault.TIMEOUT || fault == DeviceFault.NOT_CONNECTED;
    boolean trigger;
    synchronized (this) {
      streak = noAnswer ? streak + 1 : 0;
      trigger = noAnswer && streakLimit > 0 && streak % streakLimit == 0;
    }
    if (!cycling.getAsBoolean()) {
      String code = code(error, fault);
      String text = text(error, fault);
      health.update(peripheral, (s, now) -> {
        PeripheralStatus next = switch (fault) {
          case TIMEOUT, NOT_CONNECTED -> s.withStatus(PeripheralHealth.OFFLINE, now);
          case HARDWARE_ERROR, UNKNOWN -> s.withStatus(PeripheralHealth.HWERROR, now);
          case PAPER_OUT -> s.withStatus(PeripheralHealth.HWERROR, now).withPaper(PaperState.OUT);
          case CARD_UNREADABLE -> s;     // the device works; the card did not
        };
        return sameError(s, code) && next.status() == s.status() ? next : next.withError(new HealthError(code, text, now));
      });
    }
    if (trigger) {
      onStreak.run();
    }
  }

  private static boolean sameError(PeripheralStatus s, String code) {
    return s.lastError().map(e -> e.code().equals(code)).orElse(false);
  }

  private static String code(Throwable error, DeviceFault fault) {
    return DeviceException.reasonOf(error, ReaderProblem.class).map(Enum::name)
        .or(() -> DeviceException.reasonOf(error, PrinterProblem.class).map(Enum::name))
        .orElse(fault.name());
  }

  /** Fixed words per reason, never the exception message (it may name card fields). */
  private String text(Throwable error, DeviceFault fault) {
    Optional<ReaderProblem> rp = DeviceException.reasonOf(error, ReaderProblem.class);
    if (rp.isPresent()) {
      return "ID card reader: " + rp.get().words();
    }
    Optional<PrinterProblem> pp = DeviceException.reasonOf(error, PrinterProblem.class);
    if (pp.isPresent()) {
      return pp.get().advice();
    }
    String what = peripheral.key();
    return switch (fault) {
      case TIMEOUT -> what + " did not answer in time";
      case NOT_CONNECTED -> what + " is not connected (port missing or closed)";
      case CARD_UNREADABLE -> "a card could not be read";
      case PAPER_OUT -> "printer is out of paper";
      case HARDWARE_ERROR -> what + " reported a hardware error";
      case UNKNOWN -> what + " failed unexpectedly";
    };
  }
}
