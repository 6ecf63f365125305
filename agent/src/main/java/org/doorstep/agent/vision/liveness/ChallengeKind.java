package org.doorstep.agent.vision.liveness;

import java.util.Locale;
import org.doorstep.agent.model.Guidance;

/** The active liveness challenges ({@code policy.liveness.challenges}). */
public enum ChallengeKind {
  BLINK(Guidance.BLINK),
  TURN_LEFT(Guidance.TURN_LEFT),
  TURN_RIGHT(Guidance.TURN_RIGHT),
  NOD(Guidance.NOD),
  OPEN_MOUTH(Guidance.OPEN_MOUTH);

  private final Guidance prompt;

  ChallengeKind(Guidance prompt) {
    this.prompt = prompt;
  }

  /** What the screen asks. */
  public Guidance prompt() {
    return prompt;
  }

  /**
   * The challenge named {@code name} (as in the config and the record).
   *
   * @throws IllegalArgumentException naming the unknown challenge and the known ones
   */
  public static ChallengeKind of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown liveness challenge '" + name
          + "' (known: BLINK, TURN_LEFT, TURN_RIGHT, NOD, OPEN_MOUTH)");
    }
  }
}
