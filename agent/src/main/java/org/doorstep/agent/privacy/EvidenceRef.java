package org.doorstep.agent.privacy;

import java.util.Objects;
import java.util.regex.Pattern;
import org.doorstep.config.contract.CertificationRecord;

/**
 * What the evidence store returns for stored bytes: enough to name them in a record
 * ({@link #toEvidence()}) and to fetch them again.
 *
 * @param recordId  the record the evidence belongs to
 * @param kind      {@code face-frame}, {@code id-photo}, {@code document-scan} …
 * @param mediaType e.g. {@code image/jpeg}
 * @param sha256    SHA-256 of the plaintext bytes, 64 lower-case hex digits
 * @param size      plaintext length in bytes
 */
public record EvidenceRef(String recordId, String kind, String mediaType, String sha256, long size) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public EvidenceRef {
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mediaType, "mediaType");
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256: must be 64 lower-case hex digits");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size: must be >= 0, was " + size);
    }
  }

  /** The record's evidence entry (kind, hash, size): the bytes themselves stay on the kiosk. */
  public CertificationRecord.Evidence toEvidence() {
    return new CertificationRecord.Evidence(kind, sha256, size);
  }
}
