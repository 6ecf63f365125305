package org.doorstep.agent.vision.document;

import io.vertx.core.Future;
import java.util.Optional;
import org.doorstep.config.contract.CertificationRecord.Evidence;

/**
 * Keeps evidence bytes (document scans, the card photo of a staff-assisted certification) on this kiosk,
 * encrypted, and names them in a record by {@link Evidence} (kind, SHA-256, size). The bytes leave the
 * kiosk only where a service's policy uploads evidence.
 *
 * <p>Threads: callable from the event loop; file work runs on a worker. Failures: {@link
 * java.io.UncheckedIOException} for the disk; {@link org.doorstep.config.crypto.CryptoException} when
 * stored bytes fail authentication.
 */
public interface EvidenceKeeper {
  /**
   * Stores {@code bytes} (idempotent: the same bytes are stored once).
   *
   * @param kind what they are ({@code id-card-photo}, {@code document-household-register} …)
   * @return the record's evidence item for them
   */
  Future<Evidence> keep(String kind, byte[] bytes);

  /** The stored bytes with this SHA-256 (64 lower-case hex digits); empty when none are kept. */
  Future<Optional<byte[]>> read(String sha256);
}
