package org.doorstep.config.contract;

import java.util.Arrays;
import java.util.Base64;
import org.doorstep.config.crypto.SignatureAlgorithm;

/**
 * The {@code sig} member of an envelope: {@code {"alg":"Ed25519","kid":"…","value":"<base64>"}}.
 *
 * @param algorithm which algorithm made it (always named, never guessed)
 * @param keyId     {@link org.doorstep.config.crypto.KeyId} of the signing key
 * @param value     raw signature bytes (base64, RFC 4648 with padding, on the wire)
 */
public record WireSignature(SignatureAlgorithm algorithm, String keyId, byte[] value) {
  public WireSignature {
    Checks.notNull("sig.alg", algorithm);
    Checks.notBlank("sig.kid", keyId);
    if (value == null || value.length == 0) {
      throw new IllegalArgumentException("sig.value: must not be empty");
    }
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireSignature s && s.algorithm == algorithm && s.keyId.equals(keyId)
        && Arrays.equals(s.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * algorithm.hashCode() + keyId.hashCode()) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "WireSignature[" + algorithm.wireName() + ", kid=" + keyId + ", "
        + Base64.getEncoder().encodeToString(value) + "]";
  }
}
