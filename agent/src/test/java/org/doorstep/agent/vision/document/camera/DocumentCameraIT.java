package org.doorstep.agent.vision.document.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.testing.DocumentVideos;
import org.doorstep.agent.testing.DocumentVideos.Video;
import org.doorstep.agent.testing.TestCiphers;
import org.doorstep.agent.vision.document.DocumentKind;
import org.doorstep.agent.vision.document.DocumentScanService;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.ScanLimits;
import org.doorstep.agent.vision.document.ScanOutcome;
import org.doorstep.agent.vision.document.ScanProblem;
import org.doorstep.agent.vision.document.ScanResult.Corner;
import org.doorstep.agent.vision.document.autocapture.AutoCapturePolicy;
import org.doorstep.config.crypto.CryptoSuite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Point;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The document camera end to end on a video source: the real OpenCV camera adapter plays an MJPG .avi made here
 * (1600×1200 at 15 fps: 6 frames of the empty mat, an A4 form sliding in from the right over 12 frames, then
 * lying still), the auto-capture takes a frame once the form has been still long enough, and the scan service
 * keeps the rectified page in the encrypted evidence store.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DocumentCameraIT {
  private static final int EMPTY = 6;
  private static final int SLIDING = 12;
  @TempDir static Path videos;
  /** Made once for the class: 48 frames at 1600×1200 take a while to synthesise. */
  private static Video settles;
  @TempDir Path dir;
  private Vertx vertx;
  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final DocumentScanner scanner = new DocumentScanner(ScanLimits.DEFAULTS);

  @org.junit.jupiter.api.BeforeAll
  static void video() {
    settles = DocumentVideos.pageSettles(videos.resolve("form.avi"), 1600, 1200, 15, EMPTY, SLIDING, 30);
  }

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void down() {
    vertx.close().await();
  }


  @Test
  void page_is_captured_after_it_settles_at_full_resolution_with_its_outline() {
    Video v = settles;
    DocumentCamera cam = new DocumentCamera(vertx, OpenCvCamera.file(v.file(), false), scanner,
        AutoCapturePolicy.DEFAULTS, health);
    try {
      CaptureResult r = cam.capture().await();
      assertThat(r).isInstanceOf(CaptureResult.Captured.class);
      CaptureResult.Captured c = (CaptureResult.Captured) r;
      // Not before the page lies still, and soon after: 500 ms of still frames at 15 fps is the 9th still frame.
      int capturedFrame = c.framesRead() - 1;
      assertThat(capturedFrame).as("captured frame").isGreaterThanOrEqualTo(v.stillFrom() + 4)
          .isLessThanOrEqualTo(v.stillFrom() + 10);
      assertThat(c.stillMs()).isBetween(500L, 700L);
      assertThat(c.width()).isEqualTo(1600);
      assertThat(c.height()).isEqualTo(1200);
      Mat png = Imgcodecs.imdecode(new MatOfByte(c.picture()), Imgcodecs.IMREAD_COLOR);
      assertThat(png.cols()).isEqualTo(1600);
      assertThat(png.rows()).isEqualTo(1200);
      assertCorners(c.corners(), v.stillCorners(), 12);
      // The full-resolution frame scans to the same outline, more precisely.
      assertThat(scanner.findPage(png)).isInstanceOfSatisfying(
          org.doorstep.agent.vision.document.PageSearch.Found.class,
          f -> assertCorners(f.corners(), v.stillCorners(), 6));
      assertThat(health.get(Peripheral.DOCUMENT_CAMERA).status()).isEqualTo(PeripheralHealth.ONLINE);
    } finally {
      cam.close();
    }
  }

  @Test
  void captured_page_is_scanned_rectified_and_kept_as_evidence() {
    Video v = settles;
    SqliteEvidenceStore store = SqliteEvidenceStore.open(vertx, dir, TestCiphers.of(CryptoSuite.SM),
        Clock.systemUTC()).await();
    DocumentCamera cam = new DocumentCamera(vertx, OpenCvCamera.file(v.file(), false), scanner,
        AutoCapturePolicy.DEFAULTS, health);
    try {
      DocumentScanService service = new DocumentScanService(vertx, scanner, store);
      ScanOutcome out = cam.scan(service, "record-doc-1", DocumentKind.APPLICATION_FORM).await();
      assertThat(out).isInstanceOf(ScanOutcome.Kept.class);
      ScanOutcome.Kept kept = (ScanOutcome.Kept) out;
      assertThat(kept.width()).isEqualTo(1240);
      assertThat(kept.height()).isEqualTo(1754);
      assertThat(kept.evidence().kind()).isEqualTo("document-application-form");
      assertThat(store.get("record-doc-1").await()).hasSize(1);
    } finally {
      cam.close();
      store.close().await();
    }
  }

  @Test
  void a_page_that_never_settles_is_not_captured_and_says_why() {
    // The video ends 3 frames after the page comes to rest: never still for 500 ms.
    Video v = DocumentVideos.pageSettles(dir.resolve("short.avi"), 1600, 1200, 15, EMPTY, SLIDING, 3);
    DocumentCamera cam = new DocumentCamera(vertx, OpenCvCamera.file(v.file(), false), scanner,
        AutoCapturePolicy.DEFAULTS, health);
    try {
      SqliteEvidenceStore store = SqliteEvidenceStore.open(vertx, dir, TestCiphers.of(CryptoSuite.SM),
          Clock.systemUTC()).await();
      ScanOutcome out = cam.scan(new DocumentScanService(vertx, scanner, store), "record-doc-2",
          DocumentKind.APPLICATION_FORM).await();
      assertThat(store.get("record-doc-2").await()).isEmpty();
      store.close().await();
      assertThat(out).isInstanceOfSatisfying(ScanOutcome.Retake.class, r -> {
        assertThat(r.problem()).isEqualTo(ScanProblem.NOT_FOUND);
        assertThat(r.reason()).startsWith("no still page: the video ended after " + v.frames() + " frames");
      });
    } finally {
      cam.close();
    }
  }

  @Test
  void an_empty_mat_times_out_with_no_page_found() {
    Video v = DocumentVideos.pageSettles(dir.resolve("empty.avi"), 800, 600, 15, 40, 0, 0);
    AutoCapturePolicy quick = new AutoCapturePolicy(3.0, 0.01, 5, Duration.ofMillis(500), Duration.ofSeconds(2));
    CaptureResult r = DocumentCamera.capture(OpenCvCamera.file(v.file(), false), scanner, quick);
    assertThat(r).isInstanceOfSatisfying(CaptureResult.Missed.class, m -> {
      assertThat(m.problem()).isEqualTo(ScanProblem.NOT_FOUND);
      assertThat(m.reason()).startsWith("no page found in 2000 ms");
      assertThat(m.framesRead()).isEqualTo(31);
    });
  }

  @Test
  void a_camera_that_cannot_be_opened_is_offline_with_the_reason() {
    DocumentCamera cam = new DocumentCamera(vertx, OpenCvCamera.file(dir.resolve("missing.avi"), false), scanner,
        AutoCapturePolicy.DEFAULTS, health);
    try {
      cam.probe().await();
      assertThat(health.get(Peripheral.DOCUMENT_CAMERA).status()).isEqualTo(PeripheralHealth.OFFLINE);
      assertThat(health.get(Peripheral.DOCUMENT_CAMERA).lastError().orElseThrow().text())
          .contains("document camera cannot be opened");
    } finally {
      cam.close();
    }
  }

  private static void assertCorners(List<Corner> found, Point[] truth, double tolerancePx) {
    for (int i = 0; i < 4; i++) {
      double d = Math.hypot(found.get(i).x() - truth[i].x, found.get(i).y() - truth[i].y);
      assertThat(d).as("corner %d: found %s, true %s", i, found.get(i), truth[i]).isLessThan(tolerancePx);
    }
  }
}
