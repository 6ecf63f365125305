package org.doorstep.fleet.alarms.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.doorstep.config.contract.DeviceState;

/**
 * Pure functions from what the fleet knows to the alarm types that are raised now, each with its
 * severity and detail. A type absent from the answer is not raised (its active alarm clears). The
 * table with the reasons for each severity is docs/alarms.md.
 *
 * <p>The details are English in fixed forms, which the console turns into Chinese or English
 * ({@code fleet-web/console/pages/alarm-texts.js}); when a form changes, change it there too (a detail the
 * console does not know is shown as it is).
 *
 * <p>Peripheral names are the agent's wire names ({@code idCardReader}, {@code printer}, {@code camera},
 * {@code gpio}, and {@code socialSecurityCard}, {@code formPrinter}, {@code documentCamera} of issue 14):
 * a name containing {@code reader} or {@code card} is a card reader, {@code printer} a printer,
 * {@code camera} a camera (case-insensitive). Their XFS health words {@code HWERROR}, {@code OFFLINE},
 * {@code POWEROFF} and {@code USERERROR} are faults; {@code ONLINE}, {@code BUSY} and {@code NODEVICE}
 * (not fitted) are not.
 */
public final class AlarmConditions {
  private AlarmConditions() {}

  /** Health words that are a fault of the peripheral. */
  public static final Set<String> FAULT_WORDS = Set.of("HWERROR", "OFFLINE", "POWEROFF", "USERERROR");
  /** The fault code of a printer out of paper ({@code faults} member of the state). */
  public static final String PAPER_OUT = "PAPER_OUT";
  /** The fault code of a printer whose paper is near its end. */
  public static final String PAPER_LOW = "PAPER_LOW";

  /**
   * The device alarms raised now.
   *
   * @param facts what the fleet knows of the device
   * @param t     the limits
   * @param now   fleet time
   */
  public static Map<AlarmType, Condition> device(DeviceFacts facts, AlarmThresholds t, Instant now) {
    Map<AlarmType, Condition> raised = new EnumMap<>(AlarmType.class);
    if (facts.revoked()) {
      return raised;
    }
    facts.certificateNotAfter().ifPresent(notAfter -> {
      if (!notAfter.isAfter(now)) {
        raised.put(AlarmType.CERT_EXPIRING, new Condition(Severity.MAJOR, "certificate expired at " + notAfter));
      } else if (Duration.between(now, notAfter).compareTo(t.certificateExpiringWithin()) < 0) {
        raised.put(AlarmType.CERT_EXPIRING, new Condition(Severity.MINOR, "certificate expires at " + notAfter));
      }
    });
    if (facts.state().isEmpty()) {
      return raised; // never reported: not commissioned yet, nothing else to judge
    }
    DeviceState s = facts.state().get();
    Instant heard = facts.heardAt().orElse(now);
    if (!s.online()) {
      raised.put(AlarmType.OFFLINE, new Condition(Severity.MAJOR, "offline since " + heard + " (last will or clean shutdown)"));
    } else if (Duration.between(heard, now).compareTo(t.offlineAfter()) >= 0) {
      raised.put(AlarmType.OFFLINE, new Condition(Severity.MAJOR, "no state since " + heard + " ("
          + t.offlineAfterHeartbeats() + " heartbeat intervals of " + t.heartbeatInterval() + ")"));
    }
    peripherals(s, raised);
    backlog(s, t, now, raised);
    Duration skew = Duration.between(heard, s.reportedAt()).abs();
    if (skew.compareTo(t.clockSkewMax()) > 0) {
      raised.put(AlarmType.CLOCK_SKEW, new Condition(Severity.MINOR, "device clock " + s.reportedAt()
          + " differs from the fleet's " + heard + " by " + skew.withNanos(0)));
    }
    facts.refusedConfigVersion().ifPresent(v -> {
      if (s.configVersion() < v) {
        raised.put(AlarmType.CONFIG_REFUSED, new Condition(Severity.MINOR, "refused config version " + v
            + "; version " + s.configVersion() + " in force"));
      }
    });
    return raised;
  }

  private static void peripherals(DeviceState s, Map<AlarmType, Condition> raised) {
    Map<AlarmType, StringBuilder> seen = new TreeMap<>();
    Severity tamper = null;
    for (Map.Entry<String, String> p : s.peripherals().entrySet()) {
      String name = p.getKey();
      String word = p.getValue();
      String fault = s.faults().get(name);
      String kind = name.toLowerCase(Locale.ROOT);
      if ("FRAUDATTEMPT".equals(word) || "POTENTIALFRAUD".equals(word)) {
        Severity sev = "FRAUDATTEMPT".equals(word) ? Severity.CRITICAL : Severity.MAJOR;
        tamper = tamper == null || sev.compareTo(tamper) < 0 ? sev : tamper;
        note(seen, AlarmType.TAMPER, name, word, fault);
        continue;
      }
      if (kind.contains("printer") && PAPER_OUT.equals(fault)) {
        note(seen, AlarmType.PAPER_OUT, name, word, fault);
        continue; // paper out explains the printer's HWERROR
      }
      if (kind.contains("printer") && PAPER_LOW.equals(fault)) {
        note(seen, AlarmType.PAPER_LOW, name, word, fault);
      }
      if (!FAULT_WORDS.contains(word)) {
        continue;
      }
      Optional<AlarmType> type = kind.contains("printer") ? Optional.of(AlarmType.PRINTER_FAULT)
          : kind.contains("camera") ? Optional.of(AlarmType.CAMERA_FAULT)
          : kind.contains("reader") || kind.contains("card") ? Optional.of(AlarmType.READER_FAULT)
          : Optional.empty();
      type.ifPresent(ty -> note(seen, ty, name, word, fault));
    }
    for (Map.Entry<AlarmType, StringBuilder> e : seen.entrySet()) {
      Severity sev = switch (e.getKey()) {
        case TAMPER -> tamper;
        case PAPER_OUT, READER_FAULT, CAMERA_FAULT -> Severity.MAJOR;
        case PRINTER_FAULT -> Severity.MINOR;
        default -> Severity.WARNING; // PAPER_LOW
      };
      raised.put(e.getKey(), new Condition(sev, e.getValue().toString()));
    }
  }

  private static void note(Map<AlarmType, StringBuilder> seen, AlarmType type, String name, String word, String fault) {
    StringBuilder b = seen.computeIfAbsent(type, k -> new StringBuilder());
    if (b.length() > 0) {
      b.append(", ");
    }
    b.append(name).append(": ").append(word);
    if (fault != null) {
      b.append(" ").append(fault);
    }
  }

  private static void backlog(DeviceState s, AlarmThresholds t, Instant now, Map<AlarmType, Condition> raised) {
    Optional<Instant> oldest = s.outboxOldestAt();
    boolean old = oldest.isPresent() && Duration.between(oldest.get(), now).compareTo(t.outboxOldestMax()) > 0;
    if (old) {
      raised.put(AlarmType.OUTBOX_BACKLOG, new Condition(Severity.MAJOR, s.outboxPending()
          + " record(s) pending, the oldest since " + oldest.get()));
    } else if (s.outboxPending() > t.outboxPendingMax()) {
      raised.put(AlarmType.OUTBOX_BACKLOG, new Condition(Severity.MINOR, s.outboxPending()
          + " record(s) pending (more than " + t.outboxPendingMax() + ")"));
    }
  }

  /**
   * The fleet's own alarms raised now.
   *
   * @param crlRequired     whether a CRL file for an external broker is configured
   * @param crlWrittenAt    when it was last written (empty: never, since this instance started)
   * @param startedAt       when this instance started (a CRL not yet written is stale only after
   *                        {@code crlStaleAfter} from here)
   * @param lastStoreFailureAt when a store write last failed
   */
  public static Map<AlarmType, Condition> fleet(boolean crlRequired, Optional<Instant> crlWrittenAt, Instant startedAt,
      Optional<Instant> lastStoreFailureAt, AlarmThresholds t, Instant now) {
    Map<AlarmType, Condition> raised = new EnumMap<>(AlarmType.class);
    if (crlRequired) {
      Instant since = crlWrittenAt.orElse(startedAt);
      if (Duration.between(since, now).compareTo(t.crlStaleAfter()) >= 0) {
        raised.put(AlarmType.CRL_STALE, new Condition(Severity.MAJOR, crlWrittenAt.map(w -> "CRL last written at " + w)
            .orElse("CRL not written since the fleet started at " + startedAt)));
      }
    }
    lastStoreFailureAt.ifPresent(f -> {
      if (Duration.between(f, now).compareTo(t.storeFailingWindow()) < 0) {
        raised.put(AlarmType.STORE_FAILING, new Condition(Severity.CRITICAL, "store write failed at " + f));
      }
    });
    return raised;
  }
}
