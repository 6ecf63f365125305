package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.doorstep.config.contract.WireException.Reason;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.testing.SampleBodies;
import org.doorstep.config.testing.TestKeys;
import org.junit.jupiter.api.Test;

/** What {@link WireCodec#decode} and {@link WireMessage#bodyAs} refuse, with which reason and path. */
class WireCodecDecodeTest {

  private static final String ACK_BODY = "{\"rejected\":[],\"stored\":[\"r-1\"]}";

  private static AbstractThrowableAssert<?, ? extends Throwable> decoding(String payload) {
    return assertThatThrownBy(() -> WireCodec.decode(payload.getBytes(StandardCharsets.UTF_8)));
  }

  private static void fails(String payload, Reason reason, String messageStart) {
    decoding(payload).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).startsWith(messageStart);
      assertThat(e.getStackTrace()).isEmpty();
    });
  }

  @Test
  void decode_validUnsignedAck_succeeds() {
    WireMessage m = WireCodec.decode(("{\"v\":1,\"type\":\"ack\",\"body\":" + ACK_BODY + "}").getBytes(StandardCharsets.UTF_8));

    assertThat(m.type()).isEqualTo(MessageType.ACK);
    assertThat(m.bodyAs(Ack.class).stored()).containsExactly("r-1");
  }

  @Test
  void decode_malformedJson_failsMalformed() {
    fails("{\"v\":1,\"type\":", Reason.MALFORMED, "payload: not valid JSON");
  }

  @Test
  void decode_trailingGarbage_failsMalformed() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{}} x", Reason.MALFORMED, "payload: not valid JSON");
  }

  @Test
  void decode_emptyPayload_failsMalformed() {
    assertThatThrownBy(() -> WireCodec.decode(new byte[0]))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void decode_jsonArray_failsMalformed() {
    fails("[1,2]", Reason.MALFORMED, "payload: must be a JSON object");
  }

  @Test
  void decode_invalidUtf8_failsMalformed() {
    byte[] payload = "{\"v\":1,\"type\":\"ack\",\"body\":{\"x\":\"??\"}}".getBytes(StandardCharsets.US_ASCII);
    payload[payload.length - 5] = (byte) 0xC3;
    payload[payload.length - 4] = (byte) 0x28;
    assertThatThrownBy(() -> WireCodec.decode(payload))
        .isInstanceOfSatisfying(WireException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  @Test
  void decode_duplicateKeys_failsMalformed() {
    fails("{\"v\":1,\"type\":\"ack\",\"type\":\"record\",\"body\":{}}", Reason.MALFORMED, "type: duplicate member");
  }

  @Test
  void decode_duplicateKeysInBody_failsMalformed() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{\"stored\":[],\"stored\":[\"x\"]}}", Reason.MALFORMED, "body.stored: duplicate member");
  }

  @Test
  void decode_missingVersion_failsUnsupportedVersion() {
    fails("{\"type\":\"ack\",\"body\":{}}", Reason.UNSUPPORTED_VERSION, "v: required integer wire version");
  }

  @Test
  void decode_versionAsString_failsUnsupportedVersion() {
    fails("{\"v\":\"1\",\"type\":\"ack\",\"body\":{}}", Reason.UNSUPPORTED_VERSION, "v: required integer");
  }

  @Test
  void decode_version2_failsUnsupportedVersion() {
    fails("{\"v\":2,\"type\":\"ack\",\"body\":{}}", Reason.UNSUPPORTED_VERSION, "v: version 2 is not supported");
  }

  @Test
  void decode_hugeVersionThatWrapsToOne_failsUnsupportedVersion() {
    fails("{\"v\":18446744073709551617,\"type\":\"ack\",\"body\":{}}", Reason.UNSUPPORTED_VERSION, "v: version");
  }

  @Test
  void decode_unknownType_failsUnknownType() {
    fails("{\"v\":1,\"type\":\"telemetry\",\"body\":{}}", Reason.UNKNOWN_TYPE, "type: unknown message type 'telemetry'");
  }

  @Test
  void decode_missingType_failsUnknownType() {
    fails("{\"v\":1,\"body\":{}}", Reason.UNKNOWN_TYPE, "type: required string");
  }

  @Test
  void decode_bodyMissing_failsMalformed() {
    fails("{\"v\":1,\"type\":\"ack\"}", Reason.MALFORMED, "body: required JSON object");
  }

  @Test
  void decode_bodyNotObject_failsMalformed() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":[]}", Reason.MALFORMED, "body: required JSON object");
  }

  @Test
  void decode_sigNotObject_failsMissingSignature() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{},\"sig\":\"x\"}", Reason.MISSING_SIGNATURE, "sig: must be an object");
  }

  @Test
  void decode_sigUnknownAlgorithm_failsMissingSignature() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{},\"sig\":{\"alg\":\"RSA\",\"kid\":\"k\",\"value\":\"AAAA\"}}",
        Reason.MISSING_SIGNATURE, "sig.alg: unknown signature algorithm 'RSA'");
  }

  @Test
  void decode_sigValueNotBase64_failsMissingSignature() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{},\"sig\":{\"alg\":\"Ed25519\",\"kid\":\"k\",\"value\":\"*not*\"}}",
        Reason.MISSING_SIGNATURE, "sig.value: not base64");
  }

  @Test
  void decode_sigWithoutKid_failsMissingSignature() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{},\"sig\":{\"alg\":\"Ed25519\",\"value\":\"AAAA\"}}",
        Reason.MISSING_SIGNATURE, "sig.kid: required string");
  }

  @Test
  void decode_fractionInBody_failsNotCanonical() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{\"score\":0.5}}", Reason.NOT_CANONICAL, "body.score: only integers");
  }

  @Test
  void decode_oversizedPayload_failsTooLarge() {
    byte[] big = new byte[WireCodec.MAX_PAYLOAD_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> WireCodec.decode(big)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
      assertThat(e.getMessage()).startsWith("payload: " + big.length + " bytes, at most " + WireCodec.MAX_PAYLOAD_BYTES);
    });
  }

  @Test
  void decode_deepNesting_failsMalformed() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}}",
        Reason.MALFORMED, "payload: nested deeper than 32 levels");
  }

  @Test
  void bodyAs_seqZero_failsInvalidBodyNamingMember() {
    String text = new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.FULL_RECORD), StandardCharsets.UTF_8)
        .replace("\"seq\":7", "\"seq\":0");
    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).startsWith("body.seq: must be >= 1");
    });
  }

  @Test
  void bodyAs_passiveScoreOutOfRange_failsInvalidBodyNamingMember() {
    String text = new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.VISION_RECORD),
        StandardCharsets.UTF_8).replace("\"modelScoreMilli\":990", "\"modelScoreMilli\":1990");
    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).contains("modelScoreMilli: must be in 0..1000, was 1990");
    });
  }

  @Test
  void bodyAs_challengeAttemptsZero_failsInvalidBody() {
    String text = new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.VISION_RECORD),
        StandardCharsets.UTF_8).replace("\"attempts\":1", "\"attempts\":0");
    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).contains("attempts: must be >= 1, was 0");
    });
  }

  @Test
  void bodyAs_wrongMemberType_failsInvalidBodyWithPath() {
    String text = new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.FULL_RECORD), StandardCharsets.UTF_8)
        .replace("\"mode\":\"RELATIVE_ASSISTED\"", "\"mode\":\"TELEPATHY\"");
    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).startsWith("body.mode: ");
    });
  }

  @Test
  void bodyAs_numberWhereTextIsExpected_failsInvalidBody() {
    // A number is not coerced to a string member: {"deviceId": 7} is not the device "7".
    String text = new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.FULL_RECORD), StandardCharsets.UTF_8)
        .replaceFirst("\"deviceId\":\"[^\"]*\"", "\"deviceId\":7");
    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).startsWith("body.deviceId: ");
    });
  }

  @Test
  void bodyAs_textWhereANumberIsExpected_failsInvalidBody() {
    String text = new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.FULL_RECORD), StandardCharsets.UTF_8)
        .replace("\"seq\":7", "\"seq\":\"7\"");
    WireMessage m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).startsWith("body.seq: ");
    });
  }

  @Test
  void bodyAs_ackReasonAsNumber_failsInvalidBody() {
    WireMessage m = WireCodec.decode(("{\"v\":1,\"type\":\"ack\",\"body\":{\"rejected\":[{\"recordId\":\"r-1\","
        + "\"reason\":7}]}}").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(Ack.class)).isInstanceOfSatisfying(WireException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY));
  }

  @Test
  void bodyAs_missingRequiredMember_failsInvalidBody() {
    WireMessage m = WireCodec.decode("{\"v\":1,\"type\":\"command-result\",\"body\":{\"status\":\"DONE\"}}"
        .getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> m.bodyAs(CommandResult.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).startsWith("body.commandId: ");
    });
  }

  @Test
  void bodyAs_unknownBodyMember_isIgnored() {
    WireMessage m = WireCodec.decode(("{\"v\":1,\"type\":\"ack\",\"body\":{\"future\":{\"a\":1},\"stored\":[\"r-1\"]}}")
        .getBytes(StandardCharsets.UTF_8));

    assertThat(m.bodyAs(Ack.class)).isEqualTo(Ack.stored(java.util.List.of("r-1")));
  }

  @Test
  void decode_signedBytes_areEnvelopeWithoutSigInCanonicalForm() {
    byte[] payload = WireCodec.encodeSigned(MessageType.ACK, SampleBodies.ACK_MIXED, TestKeys.signer(SignatureAlgorithm.ED25519));

    WireMessage m = WireCodec.decode(payload);

    assertThat(m.signedBytes()).isEqualTo(WireCodec.encodeUnsigned(MessageType.ACK, SampleBodies.ACK_MIXED));
  }

  // --- issue 10 part 4: what an independent client found

  private static String record() {
    return new String(WireCodec.encodeUnsigned(MessageType.RECORD, SampleBodies.VISION_RECORD), StandardCharsets.UTF_8);
  }

  @Test
  void decode_nullOptionalMember_failsInvalidBodyNamingIt() {
    fails(record().replace("\"outcome\":", "\"operator\":null,\"outcome\":"), Reason.INVALID_BODY,
        "body.operator: must be omitted, not null");
  }

  @Test
  void decode_nullInsideNestedObjectOrArray_failsInvalidBodyWithPath() {
    fails(record().replace("\"cardType\":", "\"extra\":null,\"cardType\":"), Reason.INVALID_BODY,
        "body.subject.extra: must be omitted");
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{\"rejected\":[],\"stored\":[\"a\",null]}}", Reason.INVALID_BODY,
        "body.stored[1]: must not be null");
  }

  @Test
  void decode_nullInsideConfigDocument_isLeftToTheConfigRules() {
    WireMessage m = WireCodec.decode("{\"v\":1,\"type\":\"config\",\"body\":{\"config\":{\"policy\":null},\"version\":2}}"
        .getBytes(StandardCharsets.UTF_8));

    assertThat(m.bodyAs(ConfigBundle.class).version()).isEqualTo(2);
  }

  @Test
  void decode_nullConfigVersionOfBundle_failsInvalidBody() {
    fails("{\"v\":1,\"type\":\"config\",\"body\":{\"config\":{},\"version\":null}}", Reason.INVALID_BODY,
        "body.version: must be omitted, not null");
  }

  @Test
  void decode_truncated_namesLineAndColumnInItsOwnWords() {
    fails("{\"v\":1,\"type\":", Reason.MALFORMED, "payload: not valid JSON (unexpected end of input at line 1, column ");
  }

  @Test
  void decode_numberLiteralTooLong_failsMalformedNamingMember() {
    fails("{\"v\":1,\"type\":\"ack\",\"body\":{\"n\":123456789012345678901234}}", Reason.MALFORMED,
        "body.n: number literal longer than 20 characters");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "{\"v\":1,\"type\":",
      "{\"v\":1,\"type\":\"ack\",\"body\":{}} x",
      "{\"v\":1,\"type\":\"ack\",\"body\":{\"a\":tru}}",
      "{\"v\":1,\"type\":\"ack\",\"body\":{\"stored\":[],\"stored\":[]}}",
      "{\"v\":1,\"type\":\"ack\",\"body\":{\"n\":123456789012345678901234}}",
      "{'v':1}",
      "{\"v\":1,\"type\":\"ack\",\"body\":{\"score\":1e3}}"})
  void decode_refusalDetail_namesNoJavaTypeAndQuotesNoParserText(String payload) {
    decoding(payload).isInstanceOfSatisfying(WireException.class, e -> assertThat(e.getMessage())
        .doesNotContain("org.", "java.", "com.fasterxml", "`", "Source", "Cannot", "Unexpected", "Duplicate field", "$."));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "\"mode\":\"SELF\"|\"mode\":\"TELEPATHY\"|body.mode: must be one of SELF, RELATIVE_ASSISTED, STAFF_ASSISTED, HOME_VISIT",
      "\"seq\":8|\"seq\":\"seven\"|body.seq: must be an integer",
      "\"seq\":8|\"seq\":[8]|body.seq: must be an integer",
      "\"service\":\"certification\"|\"service\":{}|body.service: must be a string",
      "\"evidence\":[|\"evidence\":\"none\",\"evidence2\":[|body.evidence: must be an array",
      "\"capturedAt\":\"|\"capturedAt\":\"yesterday|body.capturedAt: must be an ISO-8601 UTC instant"})
  void bodyAs_wrongValue_detailSpeaksTheSpecNotJava(String from, String to, String expected) {
    String text = record().replace(from, to);
    assertThat(text).isNotEqualTo(record());
    WireMessage m;
    try {
      m = WireCodec.decode(text.getBytes(StandardCharsets.UTF_8));
    } catch (WireException e) {
      assertThat(e.getMessage()).startsWith(expected);
      return;
    }
    assertThatThrownBy(() -> m.bodyAs(CertificationRecord.class)).isInstanceOfSatisfying(WireException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
      assertThat(e.getMessage()).startsWith(expected).doesNotContain("org.", "java.", "`", "Cannot");
    });
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "float|\"seq\":8|\"seq\":8.0",
      "duplicate member|\"seq\":8|\"seq\":8,\"seq\":9",
      "version 2|\"v\":1|\"v\":2",
      "wrong type|\"type\":\"record\"|\"type\":\"state\"",
      "unknown type|\"type\":\"record\"|\"type\":\"telemetry\"",
      "bad sig|\"type\":\"record\"|\"sig\":{\"alg\":\"RSA\"},\"type\":\"record\"",
      "null member|\"outcome\":|\"operator\":null,\"outcome\":"})
  void recordIdOf_refusedButReadablePayload_findsTheId(String why, String from, String to) {
    String text = record().replace(from, to);
    assertThat(text).isNotEqualTo(record());

    assertThat(WireCodec.recordIdOf(text.getBytes(StandardCharsets.UTF_8))).contains(SampleBodies.VISION_RECORD.recordId());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "{\"v\":1,\"type\":\"record\",\"body\":{\"recordId\":\"r-1\"",
      "{\"v\":1,\"body\":{\"recordId\":\"r-1\",\"recordId\":\"r-2\"}}",
      "{\"v\":1,\"body\":{\"recordId\":7}}",
      "{\"v\":1,\"body\":{\"recordId\":\"\"}}",
      "{\"v\":1,\"body\":{\"recordId\":\"r-1\"},\"body\":{\"recordId\":\"r-2\"}}",
      "{\"v\":1,\"recordId\":\"r-1\"}",
      "[{\"body\":{\"recordId\":\"r-1\"}}]",
      "{\"body\":{\"recordId\":\"r-1\"}} trailing"})
  void recordIdOf_unreadableOrAmbiguous_isEmpty(String payload) {
    assertThat(WireCodec.recordIdOf(payload.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
