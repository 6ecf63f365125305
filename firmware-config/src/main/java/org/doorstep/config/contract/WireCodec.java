package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.crypto.Signer;

/**
 * Encodes and decodes v1 envelopes:
 * <pre>{"body":{…},"sig":{"alg":"Ed25519","kid":"…","value":"…"},"type":"record","v":1}</pre>
 * The signature covers the canonical bytes ({@link CanonicalJson}) of the envelope <em>without</em>
 * its {@code sig} member, so version, type and every body member are all signed. Encoders emit the
 * canonical form; decoders accept any JSON layout and recompute the canonical bytes themselves.
 *
 * <p>Thread-safe. All methods fail with {@link WireException}, never with Jackson's exceptions.
 */
public final class WireCodec {
  /** The wire version this code speaks, the envelope's {@code v}. */
  public static final int VERSION = 1;
  /** Largest accepted payload. A record with evidence hashes is ~1–2 KiB; bytes of evidence travel elsewhere. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(32).maxStringLength(MAX_PAYLOAD_BYTES).maxNumberLength(20).build());
  }

  private WireCodec() {}

  /** The shared mapper configured for the contract (Java time as ISO-8601, Optionals, strict parsing). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Encodes and signs a message.
   *
   * @param type   message type
   * @param body   a contract body record ({@link CertificationRecord}, {@link Ack} …)
   * @param signer the key to sign with
   * @return canonical UTF-8 bytes of the signed envelope
   */
  public static byte[] encodeSigned(MessageType type, Object body, Signer signer) {
    ObjectNode envelope = envelope(type, body);
    byte[] signed = CanonicalJson.bytes(envelope);
    ObjectNode sig = envelope.putObject("sig");
    sig.put("alg", signer.algorithm().wireName());
    sig.put("kid", signer.keyId());
    sig.put("value", Base64.getEncoder().encodeToString(signer.sign(signed)));
    return CanonicalJson.bytes(envelope);
  }

  /** Encodes a message without a signature (acks and state in v1; see docs/wire-protocol.md). */
  public static byte[] encodeUnsigned(MessageType type, Object body) {
    return CanonicalJson.bytes(envelope(type, body));
  }

  private static ObjectNode envelope(MessageType type, Object body) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("v", VERSION);
    envelope.put("type", type.wireName());
    envelope.set("body", MAPPER.valueToTree(body));
    return envelope;
  }

  /**
   * Decodes a payload into an envelope. Does not verify the signature (the verifier needs the
   * sender's key: {@link WireMessage#verifiedBy}).
   *
   * @throws WireException naming what is wrong: {@code MALFORMED}, {@code UNSUPPORTED_VERSION},
   *     {@code UNKNOWN_TYPE}, {@code MISSING_SIGNATURE} (bad {@code sig}), {@code NOT_CANONICAL},
   *     {@code TOO_LARGE}
   */
  public static WireMessage decode(byte[] payload) {
    if (payload == null || payload.length == 0) {
      throw new WireException(WireException.Reason.MALFORMED, "payload: empty");
    }
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new WireException(WireException.Reason.TOO_LARGE,
          "payload: " + payload.length + " bytes, at most " + MAX_PAYLOAD_BYTES);
    }
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(payload)) {
      root = MAPPER.readTree(p);
    } catch (IOException e) {
      throw new WireException(WireException.Reason.MALFORMED, "payload: not valid JSON ("
          + firstLine(e.getMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new WireException(WireException.Reason.MALFORMED, "payload: must be a JSON object");
    }
    JsonNode v = root.get("v");
    if (v == null || !v.isIntegralNumber()) {
      throw new WireException(WireException.Reason.UNSUPPORTED_VERSION, "v: required integer wire version");
    }
    // canConvertToLong first: asLong() of 2^64+1 wraps to 1.
    if (!v.canConvertToLong() || v.longValue() != VERSION) {
      throw new WireException(WireException.Reason.UNSUPPORTED_VERSION,
          "v: version " + v + " is not supported (this side speaks " + VERSION + ")");
    }
    JsonNode typeNode = root.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      throw new WireException(WireException.Reason.UNKNOWN_TYPE, "type: required string");
    }
    MessageType type = MessageType.fromWireName(typeNode.textValue());
    JsonNode body = root.get("body");
    if (body == null || !body.isObject()) {
      throw new WireException(WireException.Reason.MALFORMED, "body: required JSON object");
    }
    Optional<WireSignature> sig = Optional.empty();
    ObjectNode unsigned = ((ObjectNode) root).deepCopy();
    JsonNode sigNode = unsigned.remove("sig");
    if (sigNode != null) {
      sig = Optional.of(signature(sigNode));
    }
    return new WireMessage(type, body, sig, CanonicalJson.bytes(unsigned));
  }

  private static WireSignature signature(JsonNode s) {
    if (!s.isObject()) {
      throw new WireException(WireException.Reason.MISSING_SIGNATURE, "sig: must be an object");
    }
    String alg = text(s, "alg");
    String kid = text(s, "kid");
    String value = text(s, "value");
    SignatureAlgorithm algorithm;
    try {
      algorithm = SignatureAlgorithm.fromWireName(alg);
    } catch (IllegalArgumentException e) {
      throw new WireException(WireException.Reason.MISSING_SIGNATURE, "sig.alg: " + e.getMessage());
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new WireException(WireException.Reason.MISSING_SIGNATURE, "sig.value: not base64");
    }
    if (bytes.length == 0 || bytes.length > 512) {
      throw new WireException(WireException.Reason.MISSING_SIGNATURE, "sig.value: implausible length " + bytes.length);
    }
    return new WireSignature(algorithm, kid, bytes);
  }

  private static String text(JsonNode s, String field) {
    JsonNode n = s.get(field);
    if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
      throw new WireException(WireException.Reason.MISSING_SIGNATURE, "sig." + field + ": required string");
    }
    return n.textValue();
  }

  static <T> T convert(JsonNode body, Class<T> type) {
    try {
      return MAPPER.treeToValue(body, type);
    } catch (JsonMappingException e) {
      throw new WireException(WireException.Reason.INVALID_BODY, describe(e));
    } catch (IOException | IllegalArgumentException e) {
      throw new WireException(WireException.Reason.INVALID_BODY, "body: " + firstLine(e.getMessage()));
    }
  }

  /** {@code body.subject.idNumber: <reason>}: the member path, then the innermost cause, no input echo. */
  private static String describe(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String base = "body" + path;
    if (root instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().contains(": ")) {
      // Value constructors name the member themselves ("seq: must be >= 1"); the path says where
      // the value sits. A scalar value type names itself, so don't say its name twice.
      String msg = firstLine(iae.getMessage());
      String member = msg.substring(0, msg.indexOf(": "));
      return base.endsWith("." + member) ? base + msg.substring(member.length()) : base + "." + msg;
    }
    java.util.regex.Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(e.getOriginalMessage()));
    if (missing.find()) {
      String member = "." + missing.group(1);
      return (base.endsWith(member) ? base : base + member) + ": is required";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
        && String.valueOf(e.getOriginalMessage()).contains("Missing")) {
      return base + ": is required";
    }
    return base + ": " + firstLine(root.getMessage());
  }

  private static final java.util.regex.Pattern MISSING_PROPERTY =
      java.util.regex.Pattern.compile("Missing required creator property '([^']+)'");

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
