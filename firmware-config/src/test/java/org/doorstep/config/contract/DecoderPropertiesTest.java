package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.testing.Fuzz;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;

/**
 * Property-based fuzzing (jqwik) of every wire decoder, next to the seeded {@link WireCodecFuzzTest}:
 * per message type (record, ack, state, config, command, command-result) random and mutated payloads,
 * including splices of two valid messages of different types, and {@link CanonicalJson} on arbitrary
 * parsed JSON. The only failure allowed is {@link WireException}; every input is decoded within
 * {@link Fuzz#PER_INPUT}.
 */
class DecoderPropertiesTest {
  private static final Map<MessageType, Class<?>> BODY = Map.of(
      MessageType.RECORD, CertificationRecord.class,
      MessageType.ACK, Ack.class,
      MessageType.STATE, DeviceState.class,
      MessageType.CONFIG, ConfigBundle.class,
      MessageType.COMMAND, Command.class,
      MessageType.COMMAND_RESULT, CommandResult.class);

  private static final List<byte[]> VALID = valid();

  private static List<byte[]> valid() {
    List<byte[]> out = new ArrayList<>();
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
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

  @Property(tries = 1500)
  void random_bytes_only_ever_throw_WireException(@ForAll @Size(max = 600) byte[] payload) {
    Fuzz.expectOnly("random bytes", () -> decodeFully(payload), WireException.class);
  }

  @Property(tries = 1500)
  void mutated_and_spliced_messages_of_every_type_only_ever_throw_WireException(
      @ForAll("validIndex") int which, @ForAll long seed) {
    Random random = new Random(seed);
    byte[] payload = Fuzz.mutateRepeatedly(VALID.get(which), VALID, random, 4);
    Fuzz.expectOnly("mutation of valid[" + which + "] seed " + seed, () -> decodeFully(payload), WireException.class);
  }

  @Property(tries = 300)
  void every_type_decodes_when_unmutated(@ForAll("validIndex") int which) {
    WireMessage m = WireCodec.decode(VALID.get(which));
    assertThat(m.bodyAs(BODY.get(m.type()))).isNotNull();
  }

  @Property(tries = 1500)
  void canonical_json_of_any_parsed_document_is_stable_or_refused(@ForAll("jsonish") String text) {
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
  }

  @Provide
  Arbitrary<Integer> validIndex() {
    return Arbitraries.integers().between(0, VALID.size() - 1);
  }

  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"b\"", "\"\\u0000\"",
        "\"\\ud800\"", "\"张三\"", "\"\\\"\"", "0", "-0", "1", "-1", "9007199254740991", "9007199254740992",
        "-9007199254740993", "1.5", "1e3", "true", "false", "null", " ", "\"\\u001f\"", "\"/\"");
    return token.list().ofMaxSize(40).map(l -> String.join("", l));
  }
}
