package org.doorstep.agent.device.idcard;

import org.doorstep.agent.model.IdPhoto;

/**
 * Decodes a card's 1024-byte WLT photo block into an image the vision code can use (PERIPHERALS.md §1:
 * WLT decodes to 102×126 BGR). The real codec is proprietary: on a kiosk this port wraps the reader vendor's
 * native library (e.g. through JNA); the simulator and tests use {@link
 * org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder}, which reads a documented stand-in format,
 * NOT real WLT.
 *
 * <p>Threads: called on the reader's single-thread worker, never on an event loop, so a blocking native call
 * is fine. Synchronous on purpose: it is a codec, not a device port. Failures: throw {@link
 * IllegalArgumentException} when the block is not in the expected format; the driver reports {@link
 * ReaderProblem#READER_FAULT} (a decoder that cannot read the reader's photos is a configuration fault, not
 * the resident's).
 */
@FunctionalInterface
public interface WltPhotoDecoder {
  /**
   * The photo in {@code wlt} as an encoded image (the decoders in this project return PNG, 102×126, 3-channel).
   *
   * @param wlt the photo block exactly as the reader returned it (1024 bytes from a {@code 30 01} read)
   */
  IdPhoto decode(byte[] wlt);

  /**
   * A decoder that keeps the raw block as the photo, for kiosks without a vendor library: the card reads,
   * but the face match cannot use the photo.
   */
  static WltPhotoDecoder raw() {
    return IdPhoto::of;
  }
}
