package org.doorstep.agent.vision.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.testing.DocumentScenes;
import org.doorstep.agent.testing.DocumentScenes.Scene;
import org.doorstep.agent.vision.document.ScanResult.Accepted;
import org.doorstep.agent.vision.document.ScanResult.Corner;
import org.doorstep.agent.vision.document.ScanResult.Refused;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** The scanner on synthesised document-camera pictures whose true page corners are known. */
class DocumentScannerTest {
  private static final Size PICTURE = new Size(1280, 960);
  private static final Mat FORM = DocumentScenes.page(707, 1000, 0, 1);
  private static final Mat CARD = DocumentScenes.page(856, 540, 0, 2);
  /** A4 form 800 px tall in the picture, turned 8°, top edge 6 % shorter (camera looks down at an angle). */
  private static final Scene FORM_SCENE = DocumentScenes.photo(FORM, PICTURE,
      DocumentScenes.corners(640, 480, 566, 800 * 0.98, 8, 0.06), 3);
  private final DocumentScanner scanner = new DocumentScanner(ScanLimits.DEFAULTS);


  private static Accepted accepted(ScanResult r) {
    assertThat(r).as("scan result").isInstanceOf(Accepted.class);
    return (Accepted) r;
  }

  private static Refused refused(ScanResult r) {
    assertThat(r).as("scan result").isInstanceOf(Refused.class);
    return (Refused) r;
  }

  private static void assertCorners(Accepted a, Point[] truth, double tolerancePx) {
    List<Corner> found = a.corners();
    for (int i = 0; i < 4; i++) {
      double d = Math.hypot(found.get(i).x() - truth[i].x, found.get(i).y() - truth[i].y);
      assertThat(d).as("corner %d: found %s, true %s", i, found.get(i), truth[i]).isLessThan(tolerancePx);
    }
  }

  private static Mat decodeGrey(byte[] jpeg) {
    return Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_GRAYSCALE);
  }

  /**
   * Normalised cross-correlation of the output with the page it came from, both softened so that layout
   * (lines, table, photo box) counts rather than pixel-exact strokes (1 = identical; a page turned a
   * quarter or upside down scores near 0).
   */
  private static double likeness(byte[] jpeg, Mat page) {
    Mat out = decodeGrey(jpeg);
    Mat pageGrey = new Mat();
    Imgproc.cvtColor(page, pageGrey, Imgproc.COLOR_BGR2GRAY);
    Mat resized = new Mat();
    Imgproc.resize(out, resized, pageGrey.size(), 0, 0, Imgproc.INTER_AREA);
    Imgproc.GaussianBlur(resized, resized, new Size(0, 0), 4);
    Imgproc.GaussianBlur(pageGrey, pageGrey, new Size(0, 0), 4);
    Mat r = new Mat();
    Imgproc.matchTemplate(resized, pageGrey, r, Imgproc.TM_CCOEFF_NORMED);
    return r.get(0, 0)[0];
  }

  // ---------------------------------------------------------------- found and rectified

  @Test
  void form_in_perspective_is_found_rectified_to_a4_and_reads_like_the_page() {
    Scene s = FORM_SCENE;
    Accepted a = accepted(scanner.scan(s.picture(), DocumentKind.APPLICATION_FORM));
    assertCorners(a, s.corners(), 6);
    assertThat(a.height()).isEqualTo(1754);
    assertThat((double) a.width() / a.height()).isCloseTo(210.0 / 297.0, within(0.002));
    assertThat(likeness(a.jpeg(), FORM)).isGreaterThan(0.85);
    assertThat(a.skewDegrees()).isCloseTo(0.0, within(0.25));
  }

  @Test
  void id_card_turned_the_other_way_is_rectified_to_id_1_shape() {
    Point[] c = DocumentScenes.corners(650, 470, 760, 760 / (85.6 / 54), -12, 0.05);
    Scene s = DocumentScenes.photo(CARD, PICTURE, c, 4);
    Accepted a = accepted(scanner.scan(s.picture(), DocumentKind.ID_FRONT));
    assertCorners(a, s.corners(), 6);
    assertThat(a.width()).isEqualTo(1012);
    assertThat(a.height()).isEqualTo(638);
    assertThat(likeness(a.jpeg(), CARD)).isGreaterThan(0.85);
  }

  @Test
  void id_card_lying_upright_comes_out_landscape() {
    Point[] c = DocumentScenes.corners(640, 480, 760, 760 / (85.6 / 54), 90, 0.0);
    Scene s = DocumentScenes.photo(CARD, PICTURE, c, 5);
    Accepted a = accepted(scanner.scan(s.picture(), DocumentKind.ID_BACK));
    assertThat(a.width()).isGreaterThan(a.height());
    assertThat(a.width()).isEqualTo(1012);
  }

  @Test
  void household_register_page_keeps_its_measured_shape() {
    Mat page = DocumentScenes.page(900, 640, 0, 6);
    Point[] c = DocumentScenes.corners(640, 480, 900, 900 * 640 / 900.0, 5, 0.0);
    Accepted a = accepted(scanner.scan(DocumentScenes.photo(page, PICTURE, c, 7).png(),
        DocumentKind.HOUSEHOLD_REGISTER));
    assertThat(likeness(a.jpeg(), page)).isGreaterThan(0.85);
    assertThat((double) a.width() / a.height()).isCloseTo(900 / 640.0, within(0.03));
    assertThat(a.width()).isEqualTo(1400);
  }

  @Test
  void text_printed_crooked_is_deskewed() {
    Mat crooked = DocumentScenes.page(707, 1000, 2.0, 8);
    Scene s = DocumentScenes.photo(crooked, PICTURE, DocumentScenes.corners(640, 480, 594, 840, 3, 0.04), 9);
    Accepted a = accepted(scanner.scan(s.picture(), DocumentKind.APPLICATION_FORM));
    assertThat(Math.abs(a.skewDegrees())).isCloseTo(2.0, within(0.3));
    Mat out = Imgcodecs.imdecode(new MatOfByte(a.jpeg()), Imgcodecs.IMREAD_COLOR);
    assertThat(DocumentScanner.skewDegrees(out, new ArrayList<>())).isCloseTo(0.0, within(0.2));
    assertThat(likeness(a.jpeg(), FORM)).as("level again: like a page printed straight").isGreaterThan(0.5);
  }

  @Test
  void png_picture_in_jpeg_scan_out() {
    Accepted a = accepted(scanner.scan(FORM_SCENE.png(), DocumentKind.APPLICATION_FORM));
    assertThat(a.jpeg()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
  }

  // ---------------------------------------------------------------- refused, with guidance

  @Test
  void blurred_scan_is_refused_with_hold_the_page_flat() {
    Refused r = refused(scanner.scan(DocumentScenes.blurred(FORM_SCENE, 4).picture(), DocumentKind.APPLICATION_FORM));
    assertThat(r.problem()).isEqualTo(ScanProblem.BLURRED);
    assertThat(r.problem().residentMessage().words()).contains("hold the page flat");
    assertThat(r.reason()).startsWith("sharpness (variance of the Laplacian) ");
    assertThat(r.measures()).isPresent();
  }

  @Test
  void glare_is_refused_with_tilt_the_page() {
    Scene s = DocumentScenes.glare(FORM_SCENE, new Point(610, 420), 70);
    Refused r = refused(scanner.scan(s.picture(), DocumentKind.APPLICATION_FORM));
    assertThat(r.problem()).isEqualTo(ScanProblem.GLARE);
    assertThat(r.problem().residentMessage().words()).startsWith("glare: tilt the page");
    assertThat(r.reason()).startsWith("glare on ");
  }

  @Test
  void bare_mat_is_refused_with_no_page_found() {
    Mat mat = DocumentScenes.photo(new Mat(10, 10, CvType.CV_8UC3, new Scalar(60, 70, 80)), PICTURE,
        DocumentScenes.corners(640, 480, 8, 8, 0, 0), 10).picture();
    Refused r = refused(scanner.scan(mat, DocumentKind.APPLICATION_FORM));
    assertThat(r.problem()).isEqualTo(ScanProblem.NOT_FOUND);
    assertThat(r.problem().residentMessage().words()).contains("lay the whole page flat");
  }

  @Test
  void page_partly_outside_the_picture_is_refused_as_cut_off() {
    Scene s = DocumentScenes.photo(FORM, PICTURE, DocumentScenes.corners(1050, 480, 566, 800, 0, 0), 11);
    assertThat(refused(scanner.scan(s.picture(), DocumentKind.APPLICATION_FORM)).problem()).isEqualTo(ScanProblem.CUT_OFF);
  }

  @Test
  void page_far_away_is_refused_as_too_small() {
    Scene s = DocumentScenes.photo(FORM, PICTURE, DocumentScenes.corners(640, 480, 190, 270, 4, 0), 12);
    Refused r = refused(scanner.scan(s.picture(), DocumentKind.APPLICATION_FORM));
    assertThat(r.problem()).isEqualTo(ScanProblem.TOO_SMALL);
    assertThat(r.problem().residentMessage().words()).contains("move it closer");
  }

  @Test
  void underexposed_scan_is_refused_as_too_dark() {
    Refused r = refused(scanner.scan(DocumentScenes.exposure(FORM_SCENE, 0.3).picture(), DocumentKind.APPLICATION_FORM));
    assertThat(r.problem()).isEqualTo(ScanProblem.TOO_DARK);
  }

  @Test
  void limits_separate_sharp_from_blurred_with_margin() {
    Accepted sharp = accepted(scanner.scan(FORM_SCENE.picture(), DocumentKind.APPLICATION_FORM));
    Refused soft = refused(scanner.scan(DocumentScenes.blurred(FORM_SCENE, 1.5).picture(), DocumentKind.APPLICATION_FORM));
    assertThat(sharp.measures().sharpness()).isGreaterThan(2 * ScanLimits.DEFAULTS.minSharpness());
    assertThat(soft.measures().orElseThrow().sharpness()).isLessThan(ScanLimits.DEFAULTS.minSharpness());
    assertThat(sharp.measures().glareRatio()).isLessThan(ScanLimits.DEFAULTS.maxGlareRatio() / 5);
  }

  @Test
  void bytes_that_are_no_image_are_refused_with_a_clear_error() {
    assertThatThrownBy(() -> scanner.scan(new byte[] {1, 2, 3}, DocumentKind.ID_FRONT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JPEG, PNG or BMP image");
  }

  @Test
  void upside_down_page_is_not_turned_back() {
    // Documented limit: the scanner does not read text, so it cannot tell up from down.
    Scene s = DocumentScenes.photo(FORM, PICTURE, DocumentScenes.corners(640, 480, 566, 800, 180, 0), 13);
    Accepted a = accepted(scanner.scan(s.picture(), DocumentKind.APPLICATION_FORM));
    assertThat(likeness(a.jpeg(), FORM)).isLessThan(0.5);
  }
}
