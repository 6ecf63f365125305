package org.doorstep.agent.kiosk;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.doorstep.agent.readiness.Readiness;

/**
 * Whether the {@link CertificationRunner} takes the next resident: it asks {@code recheck} (the free-space
 * check) when a card is placed, then {@code readiness}; a terminal that cannot certify refuses the
 * resident before the card is read ({@link org.doorstep.agent.session.Event.CardRefused}) and shows
 * "this terminal cannot take certifications now" instead of "place your card". A store failure of a
 * session (evidence or record not saved) goes to {@code storeFailed} (a full disk raises the blocker at
 * once).
 *
 * @param readiness   the blockers
 * @param recheck     refreshes them before a session starts (completes, never fails)
 * @param storeFailed told about every failed evidence put or record commit
 */
public record Admission(Readiness readiness, Supplier<Future<Void>> recheck, Consumer<Throwable> storeFailed) {
  /** Validates presence. */
  public Admission {
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(recheck, "recheck");
    Objects.requireNonNull(storeFailed, "storeFailed");
  }

  /** Always admits: no blocker is ever raised (runners built without a terminal around them: tests, tools). */
  public static Admission always() {
    return new Admission(new Readiness(Clock.systemUTC()), Future::succeededFuture, err -> { });
  }
}
