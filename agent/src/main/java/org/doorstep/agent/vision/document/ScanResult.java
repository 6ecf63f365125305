package org.doorstep.agent.vision.document;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link DocumentScanner#scan} made of one picture: a rectified page, or why not. */
public sealed interface ScanResult {

  /** A point in the picture, pixels. */
  record Corner(double x, double y) {}

  /**
   * What was measured (for logs, tuning and the benchmark).
   *
   * @param pageRatio   page area / picture area
   * @param sharpness   variance of the Laplacian of the rectified page
   * @param glareRatio  share of blown-out page pixels
   * @param brightness  mean grey level of the page
   */
  record Measures(double pageRatio, double sharpness, double glareRatio, double brightness) {}

  /**
   * The page, rectified and deskewed.
   *
   * @param jpeg        the page as JPEG
   * @param corners     where the page's corners were found in the picture: top-left, top-right,
   *                    bottom-right, bottom-left (of the page as read)
   * @param width       output width, pixels
   * @param height      output height, pixels
   * @param skewDegrees residual skew of the text found after the perspective correction, and undone
   * @param measures    what was measured
   */
  record Accepted(byte[] jpeg, List<Corner> corners, int width, int height, double skewDegrees, Measures measures)
      implements ScanResult {
    public Accepted {
      Objects.requireNonNull(jpeg, "jpeg");
      corners = List.copyOf(corners);
      Objects.requireNonNull(measures, "measures");
    }

    @Override
    public String toString() {
      return "Accepted[" + width + "x" + height + ", " + jpeg.length + " B, skew " + String.format("%.2f", skewDegrees)
          + "°, " + measures + "]";
    }
  }

  /**
   * The scan was refused.
   *
   * @param problem  what the resident should do (its {@link ScanProblem#residentMessage()})
   * @param reason   the specific finding, for the log ({@code glare 3.1 % of the page > 0.5 %})
   * @param measures what was measured, when the page was found
   */
  record Refused(ScanProblem problem, String reason, Optional<Measures> measures) implements ScanResult {
    public Refused {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(measures, "measures");
    }
  }
}
