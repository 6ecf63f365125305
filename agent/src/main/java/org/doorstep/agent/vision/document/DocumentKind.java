package org.doorstep.agent.vision.document;

import java.util.Optional;

/**
 * What is being scanned, with the output size the scan is rectified to. A kind with a fixed {@link
 * #aspect()} (ID card: ISO/IEC 7810 ID-1, 85.6 × 54 mm; application form: A4) is rectified to exactly that
 * shape; the household register page is measured from the photo (booklets differ by province and year).
 */
public enum DocumentKind {
  /** Resident ID card, portrait side (85.6 × 54 mm). */
  ID_FRONT("document-id-front", 85.6 / 54.0, 1012),
  /** Resident ID card, national-emblem side. */
  ID_BACK("document-id-back", 85.6 / 54.0, 1012),
  /** A page of the household register (户口簿); aspect measured. */
  HOUSEHOLD_REGISTER("document-household-register", Double.NaN, 1400),
  /** The signed application form, A4 portrait (210 × 297 mm). */
  APPLICATION_FORM("document-application-form", 210.0 / 297.0, 1754);

  private final String evidenceKind;
  private final double aspect;
  private final int longSidePx;

  DocumentKind(String evidenceKind, double aspect, int longSidePx) {
    this.evidenceKind = evidenceKind;
    this.aspect = aspect;
    this.longSidePx = longSidePx;
  }

  /** The {@code kind} of the record's evidence item for this scan. */
  public String evidenceKind() {
    return evidenceKind;
  }

  /** Width / height of the document as it is read; empty when measured from the photo. */
  public Optional<Double> aspect() {
    return Double.isNaN(aspect) ? Optional.empty() : Optional.of(aspect);
  }

  /**
   * Pixels of the output's long side: about 300 dpi for an ID card (text and the photo stay legible),
   * 150 dpi for A4 (a signature and printed text stay legible at a few hundred KiB).
   */
  public int longSidePx() {
    return longSidePx;
  }
}
