package org.doorstep.agent.screen.flow;

import java.util.Objects;

/** Work the screen flow asks its adapter to do. */
public sealed interface ScreenEffect {
  /** The view changed: send it to every connected page. */
  record Push() implements ScreenEffect {}

  /** Complete the open consent question with this answer (the page's, or "no" after the idle timeout). */
  record AnswerConsent(boolean agreed) implements ScreenEffect {}

  /**
   * Fail the open consent question: no page could answer it (the workflow treats it as a refusal).
   *
   * @param reason for the log
   */
  record FailConsent(String reason) implements ScreenEffect {
    public FailConsent {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
