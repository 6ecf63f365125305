package org.doorstep.agent.device.idcard;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.doorstep.agent.device.serial.SerialLink;

/**
 * Settings of a {@link SamSerialIdCardReader}. Immutable; build with {@link #builder(String)}.
 *
 * @param port            serial device path ({@code /dev/ttyUSB0}, or a simulator's pty)
 * @param baud            line rate the reader is at: 115200 by default (GA/T 467 readers ship at 115200)
 * @param commandTimeout  deadline for one short exchange (find, select, SAM status, SAM id): 1 s by default.
 *                        Readers answer in tens of milliseconds; a second tolerates a busy SAM without making
 *                        the idle poll loop (one find a second) pile up.
 * @param readTimeout     deadline for one {@code 30 01}/{@code 30 10} exchange: 3 s by default. A read takes about
 *                        1 s on real hardware (card authentication plus a 1295-byte reply, 112 ms on the wire at
 *                        115200), longer at 9600 (1.35 s on the wire alone).
 * @param retries         resends after a timeout, a corrupt reply or SW3 10/11/21: 2 by default, so a call makes
 *                        at most 3 attempts (one lost frame on a noisy line is common; three in a row is a fault)
 * @param readFingerprint read with {@code 30 10} (text + photo + fingerprint) instead of {@code 30 01}
 * @param photoDecoder    turns the 1024-byte WLT block into an image: the vendor decoder on kiosks
 * @param clock           today's date for the birth-date rule
 */
public record SamReaderOptions(String port, int baud, Duration commandTimeout, Duration readTimeout, int retries,
    boolean readFingerprint, WltPhotoDecoder photoDecoder, Clock clock) {
  public static final int DEFAULT_BAUD = 115200;
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
  public static final int DEFAULT_RETRIES = 2;

  public SamReaderOptions {
    if (port == null || port.isBlank()) {
      throw new IllegalArgumentException("port: must not be blank");
    }
    if (!SerialLink.STANDARD_BAUDS.contains(baud)) {
      throw new IllegalArgumentException("baud: must be one of 9600, 19200, 38400, 57600, 115200, was " + baud);
    }
    positive("commandTimeout", commandTimeout);
    positive("readTimeout", readTimeout);
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("retries: must be 0..10, was " + retries);
    }
    Objects.requireNonNull(photoDecoder, "photoDecoder");
    Objects.requireNonNull(clock, "clock");
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + ": must be positive");
    }
  }

  /** Options for {@code port} with every default; the photo decoder defaults to {@link WltPhotoDecoder#raw()}. */
  public static Builder builder(String port) {
    return new Builder(port);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(port).baud(baud).commandTimeout(commandTimeout).readTimeout(readTimeout).retries(retries)
        .readFingerprint(readFingerprint).photoDecoder(photoDecoder).clock(clock);
  }

  /** Builder for {@link SamReaderOptions}. */
  public static final class Builder {
    private final String port;
    private int baud = DEFAULT_BAUD;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private int retries = DEFAULT_RETRIES;
    private boolean readFingerprint;
    private WltPhotoDecoder photoDecoder = WltPhotoDecoder.raw();
    private Clock clock = Clock.systemDefaultZone();

    private Builder(String port) {
      this.port = port;
    }

    public Builder baud(int v) {
      baud = v;
      return this;
    }

    public Builder commandTimeout(Duration v) {
      commandTimeout = v;
      return this;
    }

    public Builder readTimeout(Duration v) {
      readTimeout = v;
      return this;
    }

    public Builder retries(int v) {
      retries = v;
      return this;
    }

    public Builder readFingerprint(boolean v) {
      readFingerprint = v;
      return this;
    }

    public Builder photoDecoder(WltPhotoDecoder v) {
      photoDecoder = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public SamReaderOptions build() {
      return new SamReaderOptions(port, baud, commandTimeout, readTimeout, retries, readFingerprint, photoDecoder, clock);
    }
  }
}
