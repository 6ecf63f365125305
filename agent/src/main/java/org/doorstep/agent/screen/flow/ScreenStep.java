package org.doorstep.agent.screen.flow;

import java.util.List;
import java.util.Objects;

/**
 * The result of one transition of the {@link ScreenFlow}.
 *
 * @param state   the screen after the input
 * @param effects what the adapter does now, in order; empty when nothing changed that a page shows
 */
public record ScreenStep(ScreenState state, List<ScreenEffect> effects) {
  public ScreenStep {
    Objects.requireNonNull(state, "state");
    effects = List.copyOf(effects);
  }

  /** Whether the pages get a new view. */
  public boolean pushes() {
    return effects.stream().anyMatch(e -> e instanceof ScreenEffect.Push);
  }
}
