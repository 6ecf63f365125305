package org.doorstep.agent.vision.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import org.doorstep.agent.privacy.EvidenceStore;
import org.doorstep.agent.vision.document.ScanResult.Accepted;
import org.doorstep.agent.vision.document.ScanResult.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document-scan entry point for the kiosk screen and the local API (registration, information
 * change): one picture from the document camera in, a kept scan or plain-words guidance out. The
 * scanning runs on the worker {@value #WORKER}; an accepted scan is stored, sealed, in the device's
 * {@link EvidenceStore} under the id of the record it will belong to (the caller draws it with {@link
 * org.doorstep.agent.records.RecordFactory#newRecordId()} before the first scan), so the record's
 * retention and purge cover it; a record never committed leaves an orphan the purge job deletes.
 *
 * <p>Every refusal is logged at INFO with its specific reason. Callable from any thread.
 */
public final class DocumentScanService {
  /** Name of the worker pool (one thread: scans of one document camera do not overlap). */
  public static final String WORKER = "document-scan";
  /** Media type of a kept scan (the scanner encodes JPEG). */
  public static final String MEDIA_TYPE = "image/jpeg";
  private static final Logger LOG = LoggerFactory.getLogger(DocumentScanService.class);

  private final WorkerExecutor worker;
  private final DocumentScanner scanner;
  private final EvidenceStore evidence;

  /** @param evidence the device's evidence store (sealed with the data key) */
  public DocumentScanService(Vertx vertx, DocumentScanner scanner, EvidenceStore evidence) {
    this.worker = Objects.requireNonNull(vertx, "vertx").createSharedWorkerExecutor(WORKER, 1);
    this.scanner = Objects.requireNonNull(scanner, "scanner");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
  }

  /**
   * Scans {@code picture} (an encoded JPEG, PNG or BMP frame of the document camera) as {@code kind} for
   * the record {@code recordId}.
   *
   * @param recordId the id of the service record the scan belongs to (not yet committed)
   * @return {@link ScanOutcome.Kept} with the stored item's reference, or {@link ScanOutcome.Retake} with
   *     what the resident should do; failed with {@link IllegalArgumentException} when the bytes are not an
   *     image, or with the store's {@link org.doorstep.agent.privacy.EvidenceException} when the scan cannot
   *     be stored
   */
  public Future<ScanOutcome> scan(String recordId, DocumentKind kind, byte[] picture) {
    if (recordId == null || recordId.isBlank()) {
      throw new IllegalArgumentException("recordId: required (the record the scan belongs to)");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(picture, "picture");
    return worker.executeBlocking(() -> scanner.scan(picture, kind), false).compose(result -> {
      if (result instanceof Refused r) {
        LOG.info("document scan ({}) refused: {} [{}]", kind, r.reason(), r.problem().residentMessage().key());
        return Future.succeededFuture(new ScanOutcome.Retake(r.problem(), r.reason()));
      }
      Accepted a = (Accepted) result;
      return evidence.put(recordId, kind.evidenceKind(), MEDIA_TYPE, a.jpeg()).map(e -> {
        LOG.info("document scan ({}) of record {} kept: {}x{}, {} B, sha256 {}…", kind, recordId, a.width(),
            a.height(), e.size(), e.sha256().substring(0, 12));
        return (ScanOutcome) new ScanOutcome.Kept(e, a.width(), a.height(), a.skewDegrees());
      });
    });
  }
}
