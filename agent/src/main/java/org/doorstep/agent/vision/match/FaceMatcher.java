package org.doorstep.agent.vision.match;

import java.util.Optional;

/**
 * 1:1 face comparison (人脸比对): is the live face the card holder? Implementations align, embed and
 * compare; they are blocking and not thread-safe: call them on the vision worker only.
 */
public interface FaceMatcher {
  /** None wired: every match fails, naming what is missing (the default of the agent's options). */
  FaceMatcher NONE = (live, reference) -> {
    throw new IllegalStateException("no FaceMatcher is wired into this agent: a deployment must supply an "
        + "embedding model it is licensed to use (docs/vision.md)");
  };

  /**
   * Compares the face in {@code liveImage} with the face in {@code referenceImage} (both encoded
   * images: JPEG, PNG or BMP bytes).
   *
   * @return the cosine similarity of the two face embeddings (-1..1), or empty when either image has
   *     no usable face
   */
  Optional<Double> compare(byte[] liveImage, byte[] referenceImage);
}
