package org.doorstep.agent.vision.match;

import java.util.Optional;

/**
 * 1:1 face comparison (人脸比对): is the live face the card holder? Implementations align, embed and
 * compare; they are blocking and not thread-safe: call them on the vision worker only.
 */
public interface FaceMatcher {
  /**
   * Compares the face in {@code liveImage} with the face in {@code referenceImage} (both encoded
   * images: JPEG, PNG or BMP bytes).
   *
   * @return the cosine similarity of the two face embeddings (-1..1), or empty when either image has
   *     no usable face
   */
  Optional<Double> compare(byte[] liveImage, byte[] referenceImage);
}
