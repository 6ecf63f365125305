package org.doorstep.agent.device.gpio;

import java.time.Instant;
import java.util.Objects;
import org.doorstep.agent.device.health.Peripheral;

/** Progress of a {@link PowerCycler} run, one event per step worth reporting (log, uplink). */
public sealed interface PowerCycleEvent {
  /** The peripheral being recovered. */
  Peripheral peripheral();

  /** When. */
  Instant at();

  /** Attempt {@code attempt} of {@code maxAttempts} starts: the power goes off now. */
  record Attempt(Peripheral peripheral, int attempt, int maxAttempts, Instant at) implements PowerCycleEvent {
    public Attempt {
      Objects.requireNonNull(peripheral, "peripheral");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The peripheral answered again after {@code attempts} power cycles. */
  record Recovered(Peripheral peripheral, int attempts, Instant at) implements PowerCycleEvent {
    public Recovered {
      Objects.requireNonNull(peripheral, "peripheral");
      Objects.requireNonNull(at, "at");
    }
  }

  /** No answer after {@code attempts} power cycles (or the relay failed): HWERROR, staff must act. */
  record GaveUp(Peripheral peripheral, int attempts, String reason, Instant at) implements PowerCycleEvent {
    public GaveUp {
      Objects.requireNonNull(peripheral, "peripheral");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }
}
