package org.doorstep.agent.vision.match;

import java.util.Arrays;

/**
 * A face embedding (512 floats) of one image. Personal data: it never leaves the kiosk and is wiped
 * (zeroed) by {@link #close()}, which every holder calls when the comparison is done. {@link
 * #toString()} shows only the length.
 *
 * <p>Not thread-safe.
 */
public final class FaceEmbedding implements AutoCloseable {
  private final float[] values;
  private boolean wiped;

  /** Takes ownership of {@code values} (not copied: the caller drops its reference). */
  FaceEmbedding(float[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("values: must not be empty");
    }
    this.values = values;
  }

  /** Number of dimensions. */
  public int dimensions() {
    return values.length;
  }

  /**
   * Plain cosine similarity of the two embeddings (-1..1). Not the faceplugin SDK's "matchFeature",
   * which subtracts the pair's mean first and so always gives -1.
   *
   * @throws IllegalStateException when either was wiped
   * @throws IllegalArgumentException when the dimensions differ or a vector is all zeros
   */
  public double cosine(FaceEmbedding other) {
    if (wiped || other.wiped) {
      throw new IllegalStateException("embedding already wiped");
    }
    if (other.values.length != values.length) {
      throw new IllegalArgumentException("dimensions differ: " + values.length + " vs " + other.values.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < values.length; i++) {
      dot += (double) values[i] * other.values[i];
      na += (double) values[i] * values[i];
      nb += (double) other.values[i] * other.values[i];
    }
    if (na == 0 || nb == 0) {
      throw new IllegalArgumentException("an embedding is all zeros");
    }
    return Math.max(-1.0, Math.min(1.0, dot / Math.sqrt(na * nb)));
  }

  /** Whether {@link #close()} has zeroed the values. */
  public boolean wiped() {
    return wiped;
  }

  /** Zeroes the values. Idempotent. */
  @Override
  public void close() {
    Arrays.fill(values, 0f);
    wiped = true;
  }

  @Override
  public String toString() {
    return "embedding[" + values.length + (wiped ? ", wiped]" : "]");
  }
}
