package org.doorstep.agent.local;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.session.ResidentMessage;

/**
 * The kiosk screen as the certification workflow uses it.
 *
 * <p>Threads: callable from the event loop. Failures: a failed future means the screen is gone
 * (browser closed); the workflow treats it like a refusal.
 */
public interface Screen {
  /** Shows {@code message} (by key; the screen holds the translations). */
  Future<Void> show(ResidentMessage message);

  /**
   * Shows face-check guidance ("move closer", "please blink"; by key, like {@link #show}) while the camera
   * runs. A screen without a camera view may ignore it: the default does nothing.
   */
  default Future<Void> guide(Guidance guidance) {
    return Future.succeededFuture();
  }

  /**
   * The resident being served, masked (name and ID number as {@link MaskedResident} gives them: nothing else of the
   * card reaches a screen), once their card is read; empty when the session's personal data is gone (card taken
   * away, session wiped). A screen that shows no one may ignore it: the default does nothing.
   */
  default Future<Void> resident(Optional<MaskedResident> resident) {
    return Future.succeededFuture();
  }

  /**
   * Asks the resident to consent to face capture and the processing of their data for this
   * certification. Completes when they answer; the workflow's own timeout bounds the wait.
   *
   * @return true when they agreed
   */
  Future<Boolean> askConsent();

  /**
   * Someone stepped in front of the kiosk (presence sensor): leave the screen saver / dimmed state and
   * show the current message. Idempotent; a screen that never sleeps completes at once.
   */
  Future<Void> wake();
}
