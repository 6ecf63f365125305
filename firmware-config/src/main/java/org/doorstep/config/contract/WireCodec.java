package org.doorstep.config.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
      // A member has one JSON type: "7" is not the number 7, nor 7 the string "7", nor true "true".
      .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Textual, c -> c
          .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
              com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
          .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
              com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
          .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
              com.fasterxml.jackson.databind.cfg.CoercionAction.Fail))
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
    JsonNode root = parse(payload);
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
    byte[] signedBytes = CanonicalJson.bytes(unsigned);
    // Optional members are omitted, never null (section 4). A config bundle's document is exempt:
    // its own rules (docs/configuration.md) let null keep a default.
    refuseNulls(body, "body", type == MessageType.CONFIG ? "config" : null);
    return new WireMessage(type, body, sig, signedBytes);
  }

  /**
   * The {@code body.recordId} of a payload, read leniently: for answering a refusal of a payload that
   * {@link #decode} refused (duplicate member, fraction, wrong version or type, bad {@code sig} …) with
   * the id the sender can match. Present only when the payload is lexically valid JSON within
   * {@link #MAX_PAYLOAD_BYTES}, its root object has one {@code body} object with exactly one
   * {@code recordId} member, and that member is a string of 1–64 characters. Never throws.
   */
  public static Optional<String> recordIdOf(byte[] payload) {
    if (payload == null || payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
      return Optional.empty();
    }
    // A separate factory: no duplicate detection (a duplicate elsewhere must not hide the id), the
    // same size limits as the strict one.
    String found = null;
    int recordIds = 0;
    try (JsonParser p = LENIENT.createParser(payload)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      int bodies = 0;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if ("body".equals(name) && t == JsonToken.START_OBJECT) {
          bodies++;
          while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            t = p.nextToken();
            if ("recordId".equals(member)) {
              recordIds++;
              found = t == JsonToken.VALUE_STRING ? p.getText() : null;
            }
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null || bodies != 1) {
        return Optional.empty();
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    if (recordIds != 1 || found == null || found.isEmpty() || found.length() > 64) {
      return Optional.empty();
    }
    return Optional.of(found);
  }

  private static final com.fasterxml.jackson.core.JsonFactory LENIENT = com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(32).maxStringLength(MAX_PAYLOAD_BYTES).maxNumberLength(20).build())
      .build();

  /** Parses with the strict mapper; a refusal names the place and the rule in our words, not the parser's. */
  private static JsonNode parse(byte[] payload) {
    JsonParser p = null;
    try {
      p = MAPPER.createParser(payload);
      return MAPPER.readTree(p);
    } catch (IOException e) {
      throw new WireException(WireException.Reason.MALFORMED, parseFailure(e, p));
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException ignored) {
          // reading from a byte array: nothing to release
        }
      }
    }
  }

  /**
   * Our own words for a parser's refusal (Jackson's messages name Java types and quote input):
   * {@code body.stored: duplicate member}, {@code payload: not valid JSON (unexpected end of input
   * at line 1, column 15)}.
   */
  static String parseFailure(IOException e, JsonParser p) {
    String msg = String.valueOf(e.getMessage());
    String where = p == null ? "" : path(p.getParsingContext());
    if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      if (msg.contains("nesting depth")) {
        return "payload: nested deeper than 32 levels";
      }
      if (msg.contains("Number value length") || msg.contains("Number")) {
        return (where.isEmpty() ? "payload" : where) + ": number literal longer than 20 characters";
      }
      return "payload: exceeds a size limit";
    }
    if (msg.startsWith("Duplicate field")) {
      // The context is the object holding the duplicate, its current name the duplicated member.
      return (where.isEmpty() ? "payload" : where) + ": duplicate member";
    }
    if (msg.startsWith("Trailing token")) {
      return "payload: not valid JSON (content after the object)";
    }
    String location = "";
    if (e instanceof com.fasterxml.jackson.core.JacksonException je && je.getLocation() != null) {
      location = " at line " + je.getLocation().getLineNr() + ", column " + je.getLocation().getColumnNr();
    }
    if (msg.startsWith("Invalid UTF-8") || msg.contains("UTF-8")) {
      return "payload: not valid UTF-8" + location;
    }
    if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException || msg.startsWith("Unexpected end-of-input")) {
      return "payload: not valid JSON (unexpected end of input" + location + ")";
    }
    return "payload: not valid JSON (unexpected character" + location + ")";
  }

  /** {@code body.liveness.challenges[0]} for a parser context; empty at the root. */
  private static String path(com.fasterxml.jackson.core.JsonStreamContext ctx) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (com.fasterxml.jackson.core.JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.addFirst("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  /** Refuses the first {@code null} value under {@code node} ({@code INVALID_BODY}, naming its path). */
  private static void refuseNulls(JsonNode node, String path, String exemptMember) {
    if (node.isObject()) {
      for (java.util.Map.Entry<String, JsonNode> m : node.properties()) {
        if (m.getKey().equals(exemptMember)) {
          continue;
        }
        String at = path + "." + m.getKey();
        if (m.getValue().isNull()) {
          throw new WireException(WireException.Reason.INVALID_BODY,
              at + ": must be omitted, not null (optional members are left out when absent)");
        }
        refuseNulls(m.getValue(), at, null);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String at = path + "[" + i + "]";
        if (node.get(i).isNull()) {
          throw new WireException(WireException.Reason.INVALID_BODY, at + ": must not be null");
        }
        refuseNulls(node.get(i), at, null);
      }
    }
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
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // e.g. a number too large for its member (InputCoercionException): name the place, not Jackson's text.
      String where = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : "";
      throw new WireException(WireException.Reason.INVALID_BODY,
          "body" + (where.isEmpty() ? "" : "." + where) + ": " + (e instanceof com.fasterxml.jackson.core.exc.InputCoercionException
              ? "integer out of range for this member" : "has an invalid value"));
    } catch (IOException | IllegalArgumentException e) {
      throw new WireException(WireException.Reason.INVALID_BODY, "body: has an invalid value");
    }
  }

  /**
   * {@code body.subject.idNumber: <reason>}: the member path, then the rule broken, in our words: no
   * input echo, no Java type names, no parser text.
   */
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
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mie) {
      if (String.valueOf(e.getOriginalMessage()).contains("Missing")) {
        return base + ": is required";
      }
      Class<?> target = mie.getTargetType();
      if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException && target != null) {
        if (target.isEnum()) {
          return base + ": must be one of " + java.util.Arrays.stream(target.getEnumConstants())
              .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(target)) {
          return base + ": must be an ISO-8601 UTC instant such as 2025-03-01T09:30:15Z";
        }
      }
      return base + ": " + expected(target);
    }
    return base + ": has an invalid value";
  }

  /** What JSON a member of {@code target} type must be. */
  private static String expected(Class<?> target) {
    if (target == null) {
      return "has the wrong JSON type";
    }
    if (target == String.class) {
      return "must be a string";
    }
    if (target == long.class || target == Long.class || target == int.class || target == Integer.class) {
      return "must be an integer";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "must be a boolean";
    }
    if (target.isEnum()) {
      return "must be a string, one of " + java.util.Arrays.stream(target.getEnumConstants())
          .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(target)) {
      return "must be an ISO-8601 UTC instant string";
    }
    if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "must be an array";
    }
    return "must be an object";
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
