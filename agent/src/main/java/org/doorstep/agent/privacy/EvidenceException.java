package org.doorstep.agent.privacy;

/** Evidence could not be stored, read, decrypted or purged. The message says which and why. */
public final class EvidenceException extends RuntimeException {
  public EvidenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
