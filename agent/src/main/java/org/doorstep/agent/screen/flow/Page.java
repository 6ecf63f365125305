package org.doorstep.agent.screen.flow;

/**
 * The pages of the resident's screen, one decision at most each, and the step of the four-step certification
 * each belongs to ("第 2 步，共 4 步 / Step 2 of 4").
 */
public enum Page {
  /** Place the ID card (idle; or "this terminal cannot certify now"). No personal data. */
  START(1),
  /** The card is being read. */
  CARD(1),
  /** Consent to the face check: yes or no, the only page with buttons besides the language switch. */
  CONSENT(2),
  /** The face check: the vision pipeline's guidance and a countdown per challenge. */
  FACE(3),
  /** Matching, saving, printing, or waiting for staff. */
  WAIT(4),
  /** 认证成功: what happens next and "take your receipt". */
  CERTIFIED(4),
  /** Ended without a certification (not certified, cancelled, timed out, a device failed): what to do now. */
  NOT_CERTIFIED(4);

  /** How many steps a self-certification has. */
  public static final int STEPS = 4;

  private final int step;

  Page(int step) {
    this.step = step;
  }

  /** The step (1 … {@value #STEPS}) this page is. */
  public int step() {
    return step;
  }

  /** Whether nobody touching this page for the idle timeout sends the screen back to the start. */
  public boolean idles() {
    return this == CONSENT || this == CERTIFIED || this == NOT_CERTIFIED;
  }

  /** Whether the page may show the resident's masked name and ID number. */
  public boolean showsResident() {
    return this != START && this != CARD;
  }
}
