package org.doorstep.config.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.doorstep.config.contract.CanonicalJson;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.SignatureAlgorithm;

/**
 * A {@code .sig} file: {@code {"alg":"Ed25519","kid":"…","value":"<base64>"}}, the same members as an
 * envelope's {@code sig}, over a file's raw bytes (docs/wire-protocol.md, "Detached signatures").
 */
record DetachedSignature(SignatureAlgorithm algorithm, String keyId, byte[] value) {

  /** Canonical JSON text plus a newline. */
  byte[] toBytes() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("alg", algorithm.wireName());
    o.put("kid", keyId);
    o.put("value", Base64.getEncoder().encodeToString(value));
    return (CanonicalJson.text(o) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a {@code .sig} file.
   *
   * @throws IllegalArgumentException naming the member at fault
   */
  static DetachedSignature parse(byte[] bytes) {
    JsonNode n;
    try {
      n = WireCodec.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("signature file is not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("signature file must hold a JSON object {\"alg\",\"kid\",\"value\"}");
    }
    SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(text(n, "alg"));
    String kid = text(n, "kid");
    byte[] value;
    try {
      value = Base64.getDecoder().decode(text(n, "value"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("signature file: value is not base64");
    }
    return new DetachedSignature(alg, kid, value);
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw new IllegalArgumentException("signature file: '" + name + "' must be a non-empty string");
    }
    return v.textValue();
  }
}
