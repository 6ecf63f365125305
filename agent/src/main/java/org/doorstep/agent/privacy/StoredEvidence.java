package org.doorstep.agent.privacy;

import java.util.Objects;

/**
 * One evidence item with its bytes, as {@link EvidenceStore#get} returns it.
 *
 * @param ref   kind, media type, hash and size
 * @param bytes the decrypted bytes (not copied: treat as read-only)
 */
public record StoredEvidence(EvidenceRef ref, byte[] bytes) {
  public StoredEvidence {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** Shows the reference only, never the bytes. */
  @Override
  public String toString() {
    return "StoredEvidence[" + ref + "]";
  }
}
