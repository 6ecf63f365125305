package org.doorstep.config.crypto;

/** A key could not be generated, read, written or used. The message says which and why. */
public final class CryptoException extends RuntimeException {
  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
