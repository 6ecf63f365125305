package org.doorstep.fleet.rollout;

import java.util.List;
import java.util.Objects;
import org.doorstep.config.profile.ConfigViolation;

/** A config push or rollout request the fleet refuses, with its reason and every violation. */
public final class RolloutException extends RuntimeException {
  /** Why. */
  public enum Reason {
    /** The document or the plan is invalid; see {@link #violations()}. HTTP 400. */
    INVALID,
    /** No such config version or rollout. HTTP 404. */
    NOT_FOUND,
    /** The request conflicts with the rollout's phase (halting a completed rollout). HTTP 409. */
    CONFLICT,
    /** The approver created the rollout: a second operator must approve. HTTP 403. */
    SELF_APPROVAL,
    /** The approver lacks the approver permission. HTTP 403 ({@code FORBIDDEN_ROLE}, as every missing permission). */
    NOT_APPROVER
  }

  private final Reason reason;
  private final List<ConfigViolation> violations;

  public RolloutException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public RolloutException(Reason reason, String message, List<ConfigViolation> violations) {
    super(message, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.violations = List.copyOf(violations);
  }

  public Reason reason() {
    return reason;
  }

  /** Every violation of an INVALID document, with its path. */
  public List<ConfigViolation> violations() {
    return violations;
  }
}
