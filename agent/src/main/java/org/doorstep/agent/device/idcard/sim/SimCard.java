package org.doorstep.agent.device.idcard.sim;

import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.device.idcard.CardTextWriter;
import org.doorstep.agent.model.IdCardText;

/**
 * A card as the reader simulator holds it: the raw 256-byte text block, the 1024-byte photo block and an
 * optional fingerprint block, exactly what a {@code 30 01}/{@code 30 10} reply carries. Immutable (arrays are
 * copied in and out). {@link #toString()} shows the label only.
 */
public final class SimCard {
  private final String label;
  private final byte[] text;
  private final byte[] wlt;
  private final byte[] fingerprint;
  private final Optional<IdCardText> source;

  private SimCard(String label, byte[] text, byte[] wlt, byte[] fingerprint, Optional<IdCardText> source) {
    this.label = Objects.requireNonNull(label, "label");
    this.text = text.clone();
    this.wlt = wlt.clone();
    this.fingerprint = fingerprint.clone();
    this.source = source;
  }

  /** A card written from {@code text} with a synthetic portrait (seeded by the ID number) as its test-WLT photo. */
  public static SimCard of(String label, IdCardText text) {
    byte[] wlt = TestWlt.encode(SyntheticFaces.portrait(text.idNumber().unmasked().hashCode()));
    return new SimCard(label, CardTextWriter.write(text), wlt, new byte[0], Optional.of(text));
  }

  /** A card of raw blocks, for malformed cards (any sizes: the simulator sends what it is given). */
  public static SimCard raw(String label, byte[] text, byte[] wlt) {
    return new SimCard(label, text, wlt, new byte[0], Optional.empty());
  }

  /** This card with a fingerprint block (what {@code 30 10} returns; 1024 bytes on real cards, 0 without). */
  public SimCard withFingerprint(byte[] fingerprint) {
    return new SimCard(label, text, wlt, fingerprint, source);
  }

  public String label() {
    return label;
  }

  /** A copy of the text block. */
  public byte[] text() {
    return text.clone();
  }

  /** A copy of the photo block. */
  public byte[] wlt() {
    return wlt.clone();
  }

  /** A copy of the fingerprint block (empty when the card has none). */
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** The fields the text block was written from, when it was. */
  public Optional<IdCardText> source() {
    return source;
  }

  @Override
  public String toString() {
    return "SimCard[" + label + "]";
  }
}
