package org.doorstep.agent.vision.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import org.doorstep.agent.vision.document.ScanResult.Accepted;
import org.doorstep.agent.vision.document.ScanResult.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document-scan entry point for the kiosk screen and the local API (registration, information
 * change): one picture from the document camera in, a kept scan or plain-words guidance out. The
 * scanning runs on the worker {@value #WORKER}; an accepted scan is kept through the {@link
 * EvidenceKeeper} and named by its {@link org.doorstep.config.contract.CertificationRecord.Evidence}, for
 * the service's record.
 *
 * <p>Every refusal is logged at INFO with its specific reason. Callable from any thread.
 */
public final class DocumentScanService {
  /** Name of the worker pool (one thread: scans of one document camera do not overlap). */
  public static final String WORKER = "document-scan";
  private static final Logger LOG = LoggerFactory.getLogger(DocumentScanService.class);

  private final WorkerExecutor worker;
  private final DocumentScanner scanner;
  private final EvidenceKeeper evidence;

  public DocumentScanService(Vertx vertx, DocumentScanner scanner, EvidenceKeeper evidence) {
    this.worker = Objects.requireNonNull(vertx, "vertx").createSharedWorkerExecutor(WORKER, 1);
    this.scanner = Objects.requireNonNull(scanner, "scanner");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
  }

  /**
   * Scans {@code picture} (an encoded JPEG, PNG or BMP frame of the document camera) as {@code kind}.
   *
   * @return {@link ScanOutcome.Kept} with the evidence item, or {@link ScanOutcome.Retake} with what the
   *     resident should do; failed with {@link IllegalArgumentException} when the bytes are not an image,
   *     or with the keeper's failure when the scan cannot be stored
   */
  public Future<ScanOutcome> scan(DocumentKind kind, byte[] picture) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(picture, "picture");
    return worker.executeBlocking(() -> scanner.scan(picture, kind), false).compose(result -> {
      if (result instanceof Refused r) {
        LOG.info("document scan ({}) refused: {} [{}]", kind, r.reason(), r.problem().residentMessage().key());
        return Future.succeededFuture(new ScanOutcome.Retake(r.problem(), r.reason()));
      }
      Accepted a = (Accepted) result;
      return evidence.keep(kind.evidenceKind(), a.jpeg()).map(e -> {
        LOG.info("document scan ({}) kept: {}x{}, {} B, sha256 {}…", kind, a.width(), a.height(), e.size(),
            e.sha256().substring(0, 12));
        return (ScanOutcome) new ScanOutcome.Kept(e, a.width(), a.height(), a.skewDegrees());
      });
    });
  }
}
