package org.doorstep.agent.vision.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.doorstep.agent.privacy.SqliteEvidenceStore;
import org.doorstep.agent.privacy.StoredEvidence;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.testing.DocumentScenes;
import org.doorstep.agent.testing.DocumentScenes.Scene;
import org.doorstep.agent.testing.TestCiphers;
import org.doorstep.config.crypto.CryptoSuite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;

/** The entry point on a worker, with the device's encrypted evidence store on disk (SM4-GCM here). */
class DocumentScanServiceIT {
  private static final Scene FORM = DocumentScenes.photo(DocumentScenes.page(707, 1000, 0, 1), new Size(1280, 960),
      DocumentScenes.corners(640, 480, 566, 790, 6, 0.05), 3);

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private SqliteEvidenceStore store;
  private DocumentScanService service;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    store = SqliteEvidenceStore.open(vertx, dataDir, TestCiphers.of(CryptoSuite.SM), java.time.Clock.systemUTC())
        .await();
    service = new DocumentScanService(vertx, new DocumentScanner(ScanLimits.DEFAULTS), store);
  }

  @AfterEach
  void down() {
    store.close().await();
    vertx.close().await();
  }

  @Test
  void good_scan_is_kept_as_evidence_whose_hash_names_the_jpeg() {
    ScanOutcome out = service.scan("record-1", DocumentKind.APPLICATION_FORM, FORM.png()).await();
    assertThat(out).isInstanceOf(ScanOutcome.Kept.class);
    ScanOutcome.Kept kept = (ScanOutcome.Kept) out;
    assertThat(kept.evidence().kind()).isEqualTo("document-application-form");
    assertThat(kept.ref().recordId()).isEqualTo("record-1");
    assertThat(kept.ref().mediaType()).isEqualTo("image/jpeg");
    StoredEvidence stored = store.get("record-1").await().get(0);
    assertThat(stored.ref()).isEqualTo(kept.ref());
    byte[] jpeg = stored.bytes();
    assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
    assertThat((long) jpeg.length).isEqualTo(kept.evidence().size());
    Mat page = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
    assertThat(page.cols()).isEqualTo(kept.width()).isEqualTo(1240);
    assertThat(page.rows()).isEqualTo(kept.height()).isEqualTo(1754);
  }

  @Test
  void glare_is_answered_with_guidance_and_nothing_is_kept() throws Exception {
    Scene glare = DocumentScenes.glare(FORM, new org.opencv.core.Point(600, 450), 70);
    ScanOutcome out = service.scan("record-2", DocumentKind.APPLICATION_FORM, glare.png()).await();
    assertThat(out).isInstanceOf(ScanOutcome.Retake.class);
    assertThat(((ScanOutcome.Retake) out).message()).isEqualTo(ResidentMessage.DOCUMENT_GLARE);
    assertThat(store.get("record-2").await()).isEmpty();
  }

  @Test
  void bytes_that_are_no_image_fail_with_a_clear_error() {
    assertThatThrownBy(() -> service.scan("record-3", DocumentKind.ID_FRONT, new byte[] {9, 9, 9}).await())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JPEG, PNG or BMP image");
    assertThatThrownBy(() -> service.scan(" ", DocumentKind.ID_FRONT, FORM.png()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recordId: required");
  }
}
