package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every body type survives encode → decode → typed body unchanged. */
class WireCodecRoundTripTest {

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("record with every optional", MessageType.RECORD, SampleBodies.FULL_RECORD),
        Arguments.of("record without optionals", MessageType.RECORD, SampleBodies.MINIMAL_RECORD),
        Arguments.of("record with vision liveness", MessageType.RECORD, SampleBodies.VISION_RECORD),
        Arguments.of("record with the social-security card", MessageType.RECORD,
            SampleBodies.SOCIAL_SECURITY_CARD_RECORD),
        Arguments.of("ack", MessageType.ACK, SampleBodies.ACK_MIXED),
        Arguments.of("state", MessageType.STATE, SampleBodies.STATE),
        Arguments.of("command", MessageType.COMMAND, SampleBodies.COMMAND),
        Arguments.of("command result", MessageType.COMMAND_RESULT, SampleBodies.COMMAND_RESULT),
        Arguments.of("config bundle", MessageType.CONFIG, SampleBodies.configBundle()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void encodeSigned_thenDecode_returnsEqualBodyAndVerifies(String name, MessageType type, Object body) {
    byte[] payload = WireCodec.encodeSigned(type, body, TestKeys.signer(SignatureAlgorithm.ED25519));

    WireMessage decoded = WireCodec.decode(payload);

    assertThat(decoded.type()).isEqualTo(type);
    assertThat(decoded.bodyAs(body.getClass())).isEqualTo(body);
    assertThat(decoded.verifiedBy(TestKeys.fixedEd25519().getPublic())).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void encodeUnsigned_thenDecode_returnsEqualBodyWithoutSignature(String name, MessageType type, Object body) {
    WireMessage decoded = WireCodec.decode(WireCodec.encodeUnsigned(type, body));

    assertThat(decoded.bodyAs(body.getClass())).isEqualTo(body);
    assertThat(decoded.signature()).isEmpty();
    assertThat(decoded.verifiedBy(TestKeys.fixedEd25519().getPublic())).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void encode_isCanonical_reencodingDecodedEnvelopeGivesSameBytes(String name, MessageType type, Object body) {
    byte[] payload = WireCodec.encodeSigned(type, body, TestKeys.signer(SignatureAlgorithm.ED25519));

    WireMessage decoded = WireCodec.decode(payload);

    assertThat(WireCodec.encodeSigned(type, decoded.bodyAs(body.getClass()),
        TestKeys.signer(SignatureAlgorithm.ED25519))).isEqualTo(payload);
  }

  @Test
  void encode_recordWithoutOptionals_omitsAbsentMembers() {
    WireMessage decoded = WireCodec.decode(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.MINIMAL_RECORD));

    assertThat(decoded.body().has("operator")).isFalse();
    assertThat(decoded.body().has("liveness")).isFalse();
    assertThat(decoded.body().has("match")).isFalse();
    assertThat(decoded.body().get("evidence").isArray()).isTrue();
  }

  @Test
  void encode_visionLiveness_carriesPerChallengeScoresAndPassiveCheck() {
    WireMessage decoded = WireCodec.decode(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.VISION_RECORD));

    var liveness = decoded.body().get("liveness");
    assertThat(liveness.get("challenges").get(1).get("attempts").intValue()).isEqualTo(2);
    assertThat(liveness.get("challenges").get(0).get("thresholdMilli").intValue()).isEqualTo(350);
    assertThat(liveness.get("passive").get("method").textValue()).isEqualTo("micro-motion");
    assertThat(liveness.get("passive").get("modelScoreMilli").intValue()).isEqualTo(990);
  }

  @Test
  void encode_livenessWithoutVisionMembers_omitsThem() {
    WireMessage decoded = WireCodec.decode(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.FULL_RECORD));

    var liveness = decoded.body().get("liveness");
    assertThat(liveness.has("passive")).isFalse();
    assertThat(liveness.get("challenges").get(0).has("scoreMilli")).isFalse();
    assertThat(liveness.get("challenges").get(0).has("attempts")).isFalse();
  }

  @Test
  void encode_instantsAndEnums_useIsoTextAndConstantNames() {
    WireMessage decoded = WireCodec.decode(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.MINIMAL_RECORD));

    assertThat(decoded.body().get("capturedAt").textValue()).isEqualTo("2025-03-01T09:31:00.250Z");
    assertThat(decoded.body().get("mode").textValue()).isEqualTo("SELF");
    assertThat(decoded.body().get("subject").get("idNumber").textValue()).isEqualTo("H60000001");
  }
}
