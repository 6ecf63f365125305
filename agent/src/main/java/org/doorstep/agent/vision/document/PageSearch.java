package org.doorstep.agent.vision.document;

import java.util.List;
import java.util.Objects;
import org.doorstep.agent.vision.document.ScanResult.Corner;

/** What {@link DocumentScanner#findPage} found in one picture: the page's outline, or why there is none. */
public sealed interface PageSearch {

  /**
   * A four-cornered page stands out from the mat.
   *
   * @param corners   top-left, top-right, bottom-right, bottom-left as seen, in the picture's pixels
   * @param pageRatio page area / picture area
   */
  record Found(List<Corner> corners, double pageRatio) implements PageSearch {
    public Found {
      corners = List.copyOf(corners);
      if (corners.size() != 4) {
        throw new IllegalArgumentException("corners: a page has 4, was " + corners.size());
      }
    }
  }

  /**
   * No usable page in the picture.
   *
   * @param problem NOT_FOUND, CUT_OFF or TOO_SMALL
   * @param reason  the specific finding, for the log
   */
  record NotFound(ScanProblem problem, String reason) implements PageSearch {
    public NotFound {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
