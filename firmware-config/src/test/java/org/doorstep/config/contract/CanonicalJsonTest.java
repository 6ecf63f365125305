package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RFC 8785 subset of {@link CanonicalJson}. */
class CanonicalJsonTest {

  private static JsonNode json(String text) {
    try {
      return WireCodec.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void text_whitespaceOutsideStrings_isRemoved() {
    assertThat(CanonicalJson.text(json("{ \"b\" : [ 1 , 2 ] ,\n \"a\" : { \"x y\" : true } }")))
        .isEqualTo("{\"a\":{\"x y\":true},\"b\":[1,2]}");
  }

  @Test
  void text_keys_sortedByUtf16CodeUnits_asInRfc8785Example() {
    // RFC 8785 §3.2.3: the emoji (surrogates D83D DE00) sorts before U+FB33, unlike code-point order.
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("\u20ac", "Euro Sign");
    o.put("\r", "Carriage Return");
    o.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    o.put("1", "One");
    o.put("\ud83d\ude00", "Emoji: Grinning Face");
    o.put("\u0080", "Control");
    o.put("\u00f6", "Latin Small Letter O With Diaeresis");

    assertThat(CanonicalJson.text(o)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
        + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void text_nestedObjects_sortedAtEveryLevel_arraysKeepOrder() {
    assertThat(CanonicalJson.text(json("{\"z\":{\"b\":1,\"a\":2},\"y\":[3,1,2],\"B\":0}")))
        .isEqualTo("{\"B\":0,\"y\":[3,1,2],\"z\":{\"a\":2,\"b\":1}}");
  }

  @Test
  void text_controlCharacters_shortEscapesOrLowerCaseUnicodeEscapes() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("s", "\b\t\n\f\r\u0000\u000b\u001f\u001F");

    assertThat(CanonicalJson.text(o)).isEqualTo("{\"s\":\"\\b\\t\\n\\f\\r\\u0000\\u000b\\u001f\\u001f\"}");
  }

  @Test
  void text_quoteAndBackslash_escaped_solidusDelAndNonAscii_literal() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("s", "a\"b\\c/d\u007f张三\u20ac\ud83d\ude00");

    assertThat(CanonicalJson.text(o)).isEqualTo("{\"s\":\"a\\\"b\\\\c/d\u007f张三\u20ac\ud83d\ude00\"}");
    assertThat(CanonicalJson.bytes(o)).isEqualTo(CanonicalJson.text(o).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void text_escapedInput_isWrittenInCanonicalEscapes() {
    assertThat(CanonicalJson.text(json("{\"s\":\"\\u0041\\/\\u001F\\u00e9\"}"))).isEqualTo("{\"s\":\"A/\\u001f\u00e9\"}");
  }

  @Test
  void text_literals_andIntegers() {
    assertThat(CanonicalJson.text(json("[true,false,null,0,-0,-17,42]"))).isEqualTo("[true,false,null,0,0,-17,42]");
  }

  @Test
  void text_integersAtSafeBound_areAccepted() {
    assertThat(CanonicalJson.text(json("[9007199254740991,-9007199254740991]")))
        .isEqualTo("[9007199254740991,-9007199254740991]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9007199254740992", "-9007199254740992", "18446744073709551617"})
  void bytes_integerBeyondTwoPow53_failsNotCanonical(String number) {
    assertThatThrownBy(() -> CanonicalJson.bytes(json("{\"n\":" + number + "}")))
        .isInstanceOfSatisfying(WireException.class, e -> {
          assertThat(e.reason()).isEqualTo(WireException.Reason.NOT_CANONICAL);
          assertThat(e.getMessage()).startsWith("n: ");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "1e3", "-0.0", "2E-2"})
  void bytes_nonInteger_failsNotCanonical(String number) {
    assertThatThrownBy(() -> CanonicalJson.bytes(json("{\"a\":[" + number + "]}")))
        .isInstanceOfSatisfying(WireException.class, e -> {
          assertThat(e.reason()).isEqualTo(WireException.Reason.NOT_CANONICAL);
          assertThat(e.getMessage()).startsWith("a[0]: only integers");
        });
  }

  @Test
  void bytes_bigIntegerNodeWithinBound_isWrittenAsPlainInteger() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("n", BigInteger.valueOf(123));

    assertThat(CanonicalJson.text(o)).isEqualTo("{\"n\":123}");
  }
}
