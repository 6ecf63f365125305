package org.doorstep.config.contract;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered record ids: UUID version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, version, 74
 * random bits. Sorting ids sorts by creation time, which keeps database indexes append-only.
 */
public final class RecordIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RecordIds() {}

  /** A new UUIDv7 string, from {@code clock}'s milliseconds. */
  public static String next(Clock clock) {
    long millis = clock.millis();
    long rand = RANDOM.nextLong();
    long msb = (millis << 16) | 0x7000L | ((rand >>> 52) & 0x0FFFL);
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }
}
