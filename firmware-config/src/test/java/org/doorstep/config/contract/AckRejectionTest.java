package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.doorstep.config.contract.Ack.RejectReason;
import org.doorstep.config.contract.Ack.Rejection;
import org.doorstep.config.contract.WireException.Reason;
import org.junit.jupiter.api.Test;

/** Reason codes of an ack's refusals: known ones typed, unknown ones kept as refusals (wire-protocol §4.2). */
class AckRejectionTest {

  private static Ack decodeAck(String rejected) {
    String payload = "{\"v\":1,\"type\":\"ack\",\"body\":{\"rejected\":[" + rejected + "],\"stored\":[]}}";
    return WireCodec.decode(payload.getBytes(StandardCharsets.UTF_8)).bodyAs(Ack.class);
  }

  @Test
  void ack_with_a_reason_code_this_side_does_not_know_decodes_as_a_refusal_keeping_the_code() {
    Ack ack = decodeAck("{\"detail\":\"a newer check\",\"reason\":\"SOMETHING_NEW\",\"recordId\":\"r-1\"}");

    assertThat(ack.rejected()).singleElement().satisfies(r -> {
      assertThat(r.recordId()).contains("r-1");
      assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN);
      assertThat(r.code()).isEqualTo("SOMETHING_NEW");
      assertThat(r.detail()).isEqualTo("a newer check");
    });
  }

  @Test
  void ack_with_a_known_reason_code_decodes_to_that_reason() {
    Ack ack = decodeAck("{\"detail\":\"\",\"reason\":\"SEQUENCE_CONFLICT\",\"recordId\":\"r-1\"}");

    assertThat(ack.rejected()).singleElement().satisfies(r -> {
      assertThat(r.reason()).isEqualTo(RejectReason.SEQUENCE_CONFLICT);
      assertThat(r.code()).isEqualTo("SEQUENCE_CONFLICT");
    });
  }

  @Test
  void unknown_code_is_re_encoded_unchanged() {
    Ack ack = Ack.rejected(new Rejection(Optional.of("r-1"), "SOMETHING_NEW", "d"));

    byte[] bytes = WireCodec.encodeUnsigned(MessageType.ACK, ack);

    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains(
        "\"rejected\":[{\"detail\":\"d\",\"reason\":\"SOMETHING_NEW\",\"recordId\":\"r-1\"}]");
    assertThat(WireCodec.decode(bytes).bodyAs(Ack.class)).isEqualTo(ack);
  }

  @Test
  void reason_codes_are_case_sensitive_and_the_text_UNKNOWN_is_not_a_code() {
    assertThat(RejectReason.fromCode("bad_signature")).isEqualTo(RejectReason.UNKNOWN);
    assertThat(RejectReason.fromCode("BAD_SIGNATURE")).isEqualTo(RejectReason.BAD_SIGNATURE);
    assertThat(RejectReason.codes()).hasSize(12).doesNotContain(RejectReason.UNKNOWN);
    assertThat(RejectReason.codes()).allSatisfy(r -> assertThat(RejectReason.fromCode(r.name())).isEqualTo(r));
  }

  @Test
  void ack_with_a_missing_or_blank_reason_is_refused_naming_the_member() {
    for (String rejected : List.of("{\"detail\":\"\",\"recordId\":\"r-1\"}",
        "{\"detail\":\"\",\"reason\":\" \",\"recordId\":\"r-1\"}")) {
      assertThatThrownBy(() -> decodeAck(rejected)).as(rejected)
          .isInstanceOfSatisfying(WireException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_BODY);
            assertThat(e.getMessage()).contains("reason");
          });
    }
  }

  @Test
  void a_sender_cannot_send_UNKNOWN() {
    assertThatThrownBy(() -> new Rejection(Optional.of("r-1"), RejectReason.UNKNOWN, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("reason: UNKNOWN is not a code to send");
  }
}
