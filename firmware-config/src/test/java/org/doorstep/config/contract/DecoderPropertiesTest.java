package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.config.testing.Theories.qt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.testing.Fuzz;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;
import org.doorstep.config.testing.Theories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;

/**
 * Property-based fuzzing (QuickTheories, fixed seeds, see {@link Theories}) of every wire decoder, next
 * to the seeded {@link WireCodecFuzzTest}: per message type (record, ack, state, config, command,
 * command-result) random and mutated payloads, including splices of two valid messages of different
 * types, and {@link CanonicalJson} on arbitrary parsed JSON. The only failure allowed is
 * {@link WireException}; every input is decoded within {@link Fuzz#PER_INPUT}, and each property as a
 * whole is bounded by {@code @Timeout} (a hang outside the decoders).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DecoderPropertiesTest {
  private static final long SEED = 0x0DEC_0DE5L;
  private static final Map<MessageType, Class<?>> BODY = Map.of(
      MessageType.RECORD, CertificationRecord.class,
      MessageType.ACK, Ack.class,
      MessageType.STATE, DeviceState.class,
      MessageType.CONFIG, ConfigBundle.class,
      MessageType.COMMAND, Command.class,
      MessageType.COMMAND_RESULT, CommandResult.class);

  private static final List<byte[]> VALID = valid();

  private static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"b\"",
      "\"\\u0000\"", "\"\\ud800\"", "\"张三\"", "\"\\\"\"", "0", "-0", "1", "-1", "9007199254740991",
      "9007199254740992", "-9007199254740993", "1.5", "1e3", "true", "false", "null", " ", "\"\\u001f\"", "\"/\"");

  private static List<byte[]> valid() {
    List<byte[]> out = new ArrayList<>();
    for (SignatureAlgorithm a : List.of(SignatureAlgorithm.ED25519, SignatureAlgorithm.SM2_SM3)) { // message algorithms
      out.add(WireCodec.encodeSigned(MessageType.RECORD, SampleBodies.FULL_RECORD, TestKeys.signer(a)));
      out.add(WireCodec.encodeSigned(MessageType.COMMAND, SampleBodies.COMMAND, TestKeys.signer(a)));
      out.add(WireCodec.encodeSigned(MessageType.COMMAND_RESULT, SampleBodies.COMMAND_RESULT, TestKeys.signer(a)));
      out.add(WireCodec.encodeSigned(MessageType.CONFIG, SampleBodies.configBundle(), TestKeys.signer(a)));
    }
    out.add(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.MINIMAL_RECORD));
    out.add(WireCodec.encodeUnsigned(MessageType.ACK, SampleBodies.ACK_MIXED));
    out.add(WireCodec.encodeUnsigned(MessageType.STATE, SampleBodies.STATE));
    return List.copyOf(out);
  }

  /** Decode, read the body as the type the envelope names and as every other type, verify. */
  private static void decodeFully(byte[] payload) {
    WireMessage m = WireCodec.decode(payload);
    for (Class<?> type : BODY.values()) {
      try {
        Object body = m.bodyAs(type);
        assertThat(body).isNotNull();
      } catch (WireException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    m.verifiedBy(TestKeys.fixedEd25519().getPublic());
    m.verifiedBy(TestKeys.pair(SignatureAlgorithm.SM2_SM3).getPublic());
  }

  @Test
  void random_bytes_only_ever_throw_WireException() {
    qt(SEED, 1500).forAll(Theories.bytes(600)).checkAssert(payload ->
        Fuzz.expectOnly("random bytes " + Theories.hex(payload), () -> decodeFully(payload), WireException.class));
  }

  @Test
  void mutated_and_spliced_messages_of_every_type_only_ever_throw_WireException() {
    qt(SEED + 1, 1500).forAll(Theories.indexes(VALID), Theories.seeds()).checkAssert((which, seed) -> {
      byte[] payload = Fuzz.mutateRepeatedly(VALID.get(which), VALID, new Random(seed), 4);
      Fuzz.expectOnly("mutation of valid[" + which + "] seed " + seed, () -> decodeFully(payload),
          WireException.class);
    });
  }

  @Test
  void every_type_decodes_when_unmutated() {
    qt(SEED + 2, 300).forAll(Theories.indexes(VALID)).checkAssert(which -> {
      WireMessage m = WireCodec.decode(VALID.get(which));
      assertThat(m.bodyAs(BODY.get(m.type()))).isNotNull();
    });
  }

  @Test
  void canonical_json_of_any_parsed_document_is_stable_or_refused() {
    Gen<String> jsonish = Theories.tokens(40, JSON_TOKENS);
    qt(SEED + 3, 1500).forAll(jsonish).checkAssert(text -> {
      JsonNode tree;
      try {
        tree = WireCodec.mapper().readTree(text);
      } catch (Exception notJson) {
        return;     // the JSON parser's business, not the canonicaliser's
      }
      if (tree == null) {
        return;
      }
      Fuzz.expectOnly("canonical json of " + text, () -> {
        String canonical = CanonicalJson.text(tree);
        // Canonical text parses back to the same value and is a fixed point.
        JsonNode again = WireCodec.mapper().readTree(canonical);
        assertThat(CanonicalJson.text(again)).isEqualTo(canonical);
        assertThat(CanonicalJson.bytes(again)).isEqualTo(canonical.getBytes(StandardCharsets.UTF_8));
      }, WireException.class);
    });
  }
}
