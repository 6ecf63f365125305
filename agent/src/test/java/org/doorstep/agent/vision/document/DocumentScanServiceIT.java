package org.doorstep.agent.vision.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.testing.DocumentScenes;
import org.doorstep.agent.testing.DocumentScenes.Scene;
import org.doorstep.agent.vision.match.DataDirKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;

/** The entry point on a worker, with the encrypted evidence keeper on disk. */
class DocumentScanServiceIT {
  private static final Scene FORM = DocumentScenes.photo(DocumentScenes.page(707, 1000, 0, 1), new Size(1280, 960),
      DocumentScenes.corners(640, 480, 566, 790, 6, 0.05), 3);

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private SealedFileEvidenceKeeper keeper;
  private DocumentScanService service;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    keeper = new SealedFileEvidenceKeeper(vertx, dataDir, DataDirKey.loadOrCreate(dataDir));
    service = new DocumentScanService(vertx, new DocumentScanner(ScanLimits.DEFAULTS), keeper);
  }

  @AfterEach
  void down() {
    vertx.close().await();
  }

  @Test
  void good_scan_is_kept_as_evidence_whose_hash_names_the_jpeg() {
    ScanOutcome out = service.scan(DocumentKind.APPLICATION_FORM, FORM.png()).await();
    assertThat(out).isInstanceOf(ScanOutcome.Kept.class);
    ScanOutcome.Kept kept = (ScanOutcome.Kept) out;
    assertThat(kept.evidence().kind()).isEqualTo("document-application-form");
    byte[] jpeg = keeper.read(kept.evidence().sha256()).await().orElseThrow();
    assertThat(SealedFileEvidenceKeeper.sha256(jpeg)).isEqualTo(kept.evidence().sha256());
    assertThat((long) jpeg.length).isEqualTo(kept.evidence().size());
    Mat page = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
    assertThat(page.cols()).isEqualTo(kept.width()).isEqualTo(1240);
    assertThat(page.rows()).isEqualTo(kept.height()).isEqualTo(1754);
  }

  @Test
  void glare_is_answered_with_guidance_and_nothing_is_kept() throws Exception {
    Scene glare = DocumentScenes.glare(FORM, new org.opencv.core.Point(600, 450), 70);
    ScanOutcome out = service.scan(DocumentKind.APPLICATION_FORM, glare.png()).await();
    assertThat(out).isInstanceOf(ScanOutcome.Retake.class);
    assertThat(((ScanOutcome.Retake) out).message()).isEqualTo(ResidentMessage.DOCUMENT_GLARE);
    assertThat(Files.exists(keeper.folder())).isFalse();
  }

  @Test
  void bytes_that_are_no_image_fail_with_a_clear_error() {
    assertThatThrownBy(() -> service.scan(DocumentKind.ID_FRONT, new byte[] {9, 9, 9}).await())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JPEG, PNG or BMP image");
  }
}
