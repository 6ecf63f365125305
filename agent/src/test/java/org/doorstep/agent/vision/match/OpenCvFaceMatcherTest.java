package org.doorstep.agent.vision.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.doorstep.agent.testing.VisionMedia;
import org.doorstep.config.profile.ConfigLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The matcher on real photos (the committed astronaut, camera and Grace Hopper photos) and same-person
 * variants derived from them as in the research (rotation + scale, greyscale, blur, exposure, an ID-card-sized crop).
 * Same person must score at or above the default policy threshold, other people below it.
 */
class OpenCvFaceMatcherTest {
  private static OpenCvFaceMatcher matcher;
  private static double threshold;
  private static byte[] astronaut;

  @BeforeAll
  static void load() {
    matcher = OpenCvFaceMatcher.load(VisionMedia.faceModels());
    threshold = ConfigLoader.withoutEnvironment().loadDefaults().policy().matchThresholdMilli() / 1000.0;
    astronaut = VisionMedia.astronaut();
  }

  private static double score(byte[] a, byte[] b) {
    Optional<Double> s = matcher.compare(a, b);
    assertThat(s).as("both images have a usable face").isPresent();
    return s.get();
  }

  private static Mat decode(byte[] b) {
    return Imgcodecs.imdecode(new MatOfByte(b), Imgcodecs.IMREAD_COLOR);
  }

  private static byte[] encode(Mat m, String ext) {
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(ext, m, out);
    return out.toArray();
  }

  private static byte[] rotatedScaled(byte[] img, double degrees, double scale) {
    Mat src = decode(img);
    Mat m = Imgproc.getRotationMatrix2D(new Point(src.cols() / 2.0, src.rows() / 2.0), degrees, scale);
    Mat dst = new Mat();
    Imgproc.warpAffine(src, dst, m, src.size(), Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT, new Scalar(90, 90, 90));
    return encode(dst, ".jpg");
  }

  private static byte[] greyscale(byte[] img) {
    Mat g = new Mat();
    Imgproc.cvtColor(decode(img), g, Imgproc.COLOR_BGR2GRAY);
    return encode(g, ".png");
  }

  private static byte[] halfSizeBlurred(byte[] img) {
    Mat small = new Mat();
    Imgproc.resize(decode(img), small, new Size(), 0.5, 0.5, Imgproc.INTER_AREA);
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(small, blurred, new Size(5, 5), 1.2);
    return encode(blurred, ".jpg");
  }

  private static byte[] exposure(byte[] img, double contrast, double brightness) {
    Mat out = new Mat();
    decode(img).convertTo(out, -1, contrast, brightness);
    return encode(out, ".jpg");
  }

  /** A 102×126 crop around the face, the size of the photo on a second-generation ID card. */
  private static byte[] idCardSized(byte[] img) {
    Mat src = decode(img);
    Rect f;
    try (OpenCvFaceMatcher.Scratch s = new OpenCvFaceMatcher.Scratch()) {
      f = matcher.largestFace(src, s).orElseThrow();
    }
    int cx = f.x + f.width / 2;
    int cy = f.y + f.height / 2;
    int w = (int) (f.width * 1.6);
    int h = w * 126 / 102;
    Rect r = new Rect(Math.max(0, cx - w / 2), Math.max(0, cy - h / 2), w, h);
    r.width = Math.min(r.width, src.cols() - r.x);
    r.height = Math.min(r.height, src.rows() - r.y);
    Mat small = new Mat();
    Imgproc.resize(src.submat(r), small, new Size(102, 126), 0, 0, Imgproc.INTER_AREA);
    return encode(small, ".jpg");
  }

  @Test
  void default_threshold_lies_in_the_researched_range() {
    // face-models.md §3: same face 0.85–0.99, different people ≤ 0.22; suggested start 0.45–0.5.
    assertThat(threshold).isBetween(0.3, 0.7);
  }

  @Test
  void same_face_rotated_and_scaled_matches() {
    assertThat(score(astronaut, rotatedScaled(astronaut, 12, 0.8))).isGreaterThanOrEqualTo(threshold);
  }

  @Test
  void same_face_in_greyscale_matches() {
    assertThat(score(astronaut, greyscale(astronaut))).isGreaterThanOrEqualTo(threshold);
  }

  @Test
  void same_face_half_size_and_blurred_matches() {
    assertThat(score(astronaut, halfSizeBlurred(astronaut))).isGreaterThanOrEqualTo(threshold);
  }

  @Test
  void same_face_brighter_with_less_contrast_matches() {
    assertThat(score(astronaut, exposure(astronaut, 0.8, 50))).isGreaterThanOrEqualTo(threshold);
  }

  @Test
  void same_face_against_an_id_card_sized_crop_matches() {
    byte[] card = idCardSized(rotatedScaled(astronaut, -6, 0.9));
    assertThat(score(astronaut, card)).isGreaterThanOrEqualTo(threshold);
  }

  @Test
  void different_people_do_not_match() {
    assertThat(score(astronaut, VisionMedia.hopper())).isLessThan(threshold);
    assertThat(score(astronaut, VisionMedia.camera())).isLessThan(threshold);
    assertThat(score(VisionMedia.hopper(), VisionMedia.camera())).isLessThan(threshold);
  }

  @Test
  void different_person_does_not_match_an_altered_copy_either() {
    assertThat(score(greyscale(VisionMedia.hopper()), rotatedScaled(astronaut, 12, 0.8))).isLessThan(threshold);
  }

  @Test
  void score_is_symmetric() {
    byte[] other = greyscale(astronaut);
    assertThat(score(astronaut, other)).isCloseTo(score(other, astronaut), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void image_without_a_face_gives_no_score() {
    Mat plain = new Mat(480, 640, org.opencv.core.CvType.CV_8UC3, new Scalar(200, 180, 160));
    Imgproc.rectangle(plain, new Point(100, 100), new Point(300, 200), new Scalar(30, 30, 30), -1);
    assertThat(matcher.compare(astronaut, encode(plain, ".png"))).isEmpty();
    assertThat(matcher.compare(encode(plain, ".png"), astronaut)).isEmpty();
  }

  @Test
  void bytes_that_are_no_image_give_no_score() {
    assertThat(matcher.compare(astronaut, "not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEmpty();
  }

  @Test
  void embedding_is_zeroed_when_closed() {
    FaceEmbedding e = matcher.embed(astronaut).orElseThrow();
    assertThat(e.dimensions()).isEqualTo(512);
    e.close();
    assertThat(e.wiped()).isTrue();
    assertThat(e.toString()).isEqualTo("embedding[512, wiped]");
    assertThatThrownBy(() -> e.cosine(e)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void missing_model_files_are_named_with_how_to_get_them(@TempDir Path empty) {
    assertThatThrownBy(() -> OpenCvFaceMatcher.load(FaceModels.in(empty)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fr_detect.onnx").hasMessageContaining("fr_feature.onnx")
        .hasMessageContaining("npm pack faceplugin-face-recognition-js@0.0.1");
  }
}
