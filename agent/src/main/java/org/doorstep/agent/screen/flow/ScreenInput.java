package org.doorstep.agent.screen.flow;

import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.session.ResidentMessage;

/** Something that happened to the screen: the workflow said something, the page did something, or time passed. */
public sealed interface ScreenInput {
  /** The workflow shows {@code message} ({@code Screen.show}). */
  record Show(ResidentMessage message) implements ScreenInput {
    public Show {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Face-check guidance from the vision pipeline ({@code Screen.guide}). */
  record Guide(Guidance guidance) implements ScreenInput {
    public Guide {
      Objects.requireNonNull(guidance, "guidance");
    }
  }

  /** The resident being served (masked), or empty once no one is ({@code Screen.resident}). */
  record Resident(Optional<MaskedResident> resident) implements ScreenInput {
    public Resident {
      Objects.requireNonNull(resident, "resident");
    }
  }

  /** The workflow asks the consent question ({@code Screen.askConsent}). */
  record AskConsent() implements ScreenInput {}

  /** The page answered the consent question. */
  record Answer(boolean agreed) implements ScreenInput {}

  /** The resident touched the page (or pressed a key): the idle timeout starts again. */
  record Touch() implements ScreenInput {}

  /** A page connected to the event stream. */
  record PageConnected() implements ScreenInput {}

  /** A page's event stream closed (browser closed, crashed or reloading). */
  record PageLost() implements ScreenInput {}

  /** Time passed: the idle timeout and the reconnect grace are checked. */
  record Tick() implements ScreenInput {}
}
