package org.doorstep.agent.screen.flow;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a page shows, whole: the {@code view} event of {@code GET /api/events} (agent/docs/kiosk-screen.md).
 *
 * @param version              grows with each change; a page ignores a view older than the one it shows
 * @param page                 which page
 * @param step                 the step of the certification, 1 … {@code steps}
 * @param steps                {@value Page#STEPS}
 * @param message              the workflow's message
 * @param subject              the resident: masked name and ID number, where the page shows them
 * @param guidance             the face-check guidance, on the face page
 * @param challengeRemainingMs time left for the running challenge when the view was made
 * @param consentOpen          the consent question waits for an answer
 */
public record ScreenView(long version, Page page, int step, int steps, Text message, Optional<Subject> subject,
    Optional<Text> guidance, OptionalLong challengeRemainingMs, boolean consentOpen) {
  public ScreenView {
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(guidance, "guidance");
    Objects.requireNonNull(challengeRemainingMs, "challengeRemainingMs");
  }

  /**
   * A text by key, in both languages of the page.
   *
   * @param key stable key ({@code session.confirm-consent}, {@code challenge.blink})
   * @param zh  simplified Chinese
   * @param en  plain English
   */
  public record Text(String key, String zh, String en) {
    public Text {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(zh, "zh");
      Objects.requireNonNull(en, "en");
    }
  }

  /**
   * The resident as the page shows them.
   *
   * @param name     masked ({@code 张*})
   * @param idNumber masked ({@code 110***********1234})
   */
  public record Subject(String name, String idNumber) {
    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(idNumber, "idNumber");
    }
  }
}
