package org.doorstep.agent.vision.document;

import java.util.Objects;
import org.doorstep.agent.privacy.EvidenceRef;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.config.contract.CertificationRecord.Evidence;

/** What {@link DocumentScanService#scan} tells the screen: the scan is kept, or how to retake it. */
public sealed interface ScanOutcome {
  /**
   * The scan passed its checks and is kept (encrypted) in the evidence store.
   *
   * @param ref         the stored item: record id, kind, media type, SHA-256 of the JPEG, size
   * @param width       page width, pixels
   * @param height      page height, pixels
   * @param skewDegrees residual skew that was corrected
   */
  record Kept(EvidenceRef ref, int width, int height, double skewDegrees) implements ScanOutcome {
    public Kept {
      Objects.requireNonNull(ref, "ref");
    }

    /** The record's evidence item (kind, SHA-256, size). */
    public Evidence evidence() {
      return ref.toEvidence();
    }
  }

  /**
   * The scan was refused and nothing was kept; the screen shows {@link #message()}.
   *
   * @param problem what was wrong
   * @param reason  the specific finding (also logged)
   */
  record Retake(ScanProblem problem, String reason) implements ScanOutcome {
    public Retake {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(reason, "reason");
    }

    /** What the screen tells the resident. */
    public ResidentMessage message() {
      return problem.residentMessage();
    }
  }
}
