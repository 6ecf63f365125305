package org.doorstep.agent.vision.document;

/**
 * The limits a scan must meet. Measured on synthesised scenes (DocumentScannerTest); calibrate on the
 * kiosk's own document camera before relying on them.
 *
 * @param minPageRatio    page area / picture area below which the page is too far away
 * @param minSharpness    variance of the Laplacian of the rectified page at {@value DocumentScanner#MEASURE_PX} px
 *                        long side, in its sharpest tiles ({@link DocumentScanner#tileSharpness}), below
 *                        which it is blurred
 * @param maxGlareRatio   share of the page's pixels blown out (all channels ≥ {@value DocumentScanner#SATURATED})
 *                        above which a reflection hides part of it
 * @param minBrightness   mean grey level (0–255) of the page below which it is too dark
 * @param jpegQuality     JPEG quality of the saved scan (0–100)
 */
public record ScanLimits(double minPageRatio, double minSharpness, double maxGlareRatio, double minBrightness,
    int jpegQuality) {
  /**
   * The defaults: 15 % of the picture, sharpness 100, 0.5 % glare, brightness 70, JPEG 90. On the
   * synthesised scenes a sharp A4 form scores ~690 and a sharp ID card ~400; a Gaussian blur of σ 1 px
   * gives 136 / 66, σ 1.5 px 67 / 21 (docs/vision-match-and-documents.md).
   */
  public static final ScanLimits DEFAULTS = new ScanLimits(0.15, 100, 0.005, 70, 90);

  public ScanLimits {
    if (!(minPageRatio > 0 && minPageRatio < 1)) {
      throw new IllegalArgumentException("minPageRatio: must be between 0 and 1, was " + minPageRatio);
    }
    if (!(minSharpness >= 0)) {
      throw new IllegalArgumentException("minSharpness: must be >= 0, was " + minSharpness);
    }
    if (!(maxGlareRatio >= 0 && maxGlareRatio <= 1)) {
      throw new IllegalArgumentException("maxGlareRatio: must be between 0 and 1, was " + maxGlareRatio);
    }
    if (!(minBrightness >= 0 && minBrightness <= 255)) {
      throw new IllegalArgumentException("minBrightness: must be between 0 and 255, was " + minBrightness);
    }
    if (jpegQuality < 0 || jpegQuality > 100) {
      throw new IllegalArgumentException("jpegQuality: must be between 0 and 100, was " + jpegQuality);
    }
  }
}
