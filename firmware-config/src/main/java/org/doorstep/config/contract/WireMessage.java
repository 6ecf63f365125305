package org.doorstep.config.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.Optional;
import org.doorstep.config.crypto.Signatures;

/**
 * A decoded envelope: its type, its body (still as JSON, so that every member, known or not, stays
 * covered by the signature) and its signature if any.
 *
 * @param type        the {@code type} member
 * @param body        the {@code body} member, a JSON object
 * @param signature   the {@code sig} member
 * @param signedBytes canonical bytes of the envelope without {@code sig}: what the signature covers
 */
public record WireMessage(MessageType type, JsonNode body, Optional<WireSignature> signature, byte[] signedBytes) {

  /**
   * The body as a typed value.
   *
   * @throws WireException {@link WireException.Reason#INVALID_BODY} naming the member at fault
   */
  public <T> T bodyAs(Class<T> type) {
    return WireCodec.convert(body, type);
  }

  /**
   * Whether the message is signed and its signature verifies with {@code key}. A signature whose
   * algorithm differs from the key's is invalid; an unsigned message is never verified.
   */
  public boolean verifiedBy(PublicKey key) {
    if (signature.isEmpty()) {
      return false;
    }
    WireSignature sig = signature.get();
    try {
      return Signatures.verify(sig.algorithm(), key, signedBytes, sig.value());
    } catch (org.doorstep.config.crypto.CryptoException algorithmMismatch) {
      return false;
    }
  }
}
