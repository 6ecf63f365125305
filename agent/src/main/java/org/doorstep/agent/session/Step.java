package org.doorstep.agent.session;

import java.util.List;
import java.util.Objects;

/**
 * The result of one transition: the new session and the effects to perform, in order.
 *
 * @param session the session after the event
 * @param effects what to do now; empty when the event was ignored
 */
public record Step(Session session, List<Effect> effects) {
  public Step {
    Objects.requireNonNull(session, "session");
    effects = List.copyOf(effects);
  }

  /** The new state. */
  public State state() {
    return session.state();
  }

  static Step of(Session s, Effect... effects) {
    return new Step(s, List.of(effects));
  }
}
