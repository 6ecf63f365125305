package org.doorstep.agent.local.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The framing and request bookkeeping of one connection (CEN/TS 17852 message types), without I/O. */
class XfsProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final XfsProtocol protocol = new XfsProtocol(Set.of("Common.Status", "CardReader.ReadRawData"), 2);

  private static String command(String name, Object requestId) {
    return "{\"header\":{\"type\":\"command\",\"name\":\"" + name + "\",\"requestId\":" + requestId
        + ",\"version\":\"1.0\"},\"payload\":{\"timeout\":500}}";
  }

  private static JsonNode parse(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void accepted_command_isAcknowledgedWithNullStatus_andBookedAsRunning() throws Exception {
    XfsProtocol.Received r = protocol.receive(command("CardReader.ReadRawData", 3));

    assertThat(r).isInstanceOf(XfsProtocol.Received.Accepted.class);
    XfsCommand c = ((XfsProtocol.Received.Accepted) r).command();
    assertThat(c.requestId()).isEqualTo(3);
    assertThat(c.timeoutMs()).isEqualTo(500);
    JsonNode ack = parse(r.acknowledge());
    assertThat(ack.at("/header/type").asText()).isEqualTo("acknowledge");
    assertThat(ack.at("/header/name").asText()).isEqualTo("CardReader.ReadRawData");
    assertThat(ack.at("/header/requestId").asLong()).isEqualTo(3);
    assertThat(ack.at("/header/version").asText()).isEqualTo("1.0");
    assertThat(ack.at("/payload").has("status")).isTrue();
    assertThat(ack.at("/payload/status").isNull()).isTrue();
    assertThat(protocol.runningIds()).containsExactly(3L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[1,2]", "{\"payload\":{}}", "{\"header\":{\"type\":\"command\","
      + "\"requestId\":1}}", "{\"header\":{\"type\":\"completion\",\"name\":\"Common.Status\",\"requestId\":1}}",
      "{\"header\":{\"type\":\"command\",\"name\":\"Common.Status\",\"requestId\":1},\"payload\":[1]}"})
  void malformed_message_isRefusedInvalidMessage(String text) throws Exception {
    XfsProtocol.Received r = protocol.receive(text);

    assertThat(r).isInstanceOf(XfsProtocol.Received.Refused.class);
    assertThat(((XfsProtocol.Received.Refused) r).status()).isEqualTo(AckStatus.INVALID_MESSAGE);
    JsonNode ack = parse(r.acknowledge());
    assertThat(ack.at("/payload/status").asText()).isEqualTo("invalidMessage");
    assertThat(ack.at("/payload/errorDescription").asText()).isNotBlank();
    assertThat(protocol.runningIds()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-4", "1.5", "\"7\"", "null"})
  void requestId_thatIsNotAnIntegerAboveZero_isRefusedInvalidRequestId(String id) throws Exception {
    XfsProtocol.Received r = protocol.receive(command("Common.Status", id));

    assertThat(((XfsProtocol.Received.Refused) r).status()).isEqualTo(AckStatus.INVALID_REQUEST_ID);
    assertThat(parse(r.acknowledge()).at("/payload/status").asText()).isEqualTo("invalidRequestID");
  }

  @Test
  void requestId_inUse_isRefused_untilItsCommandCompletes() {
    protocol.receive(command("CardReader.ReadRawData", 1));

    XfsProtocol.Received again = protocol.receive(command("Common.Status", 1));
    assertThat(((XfsProtocol.Received.Refused) again).status()).isEqualTo(AckStatus.INVALID_REQUEST_ID);

    assertThat(protocol.completion(1, CompletionCode.SUCCESS, null, null)).isPresent();
    assertThat(protocol.receive(command("Common.Status", 1))).isInstanceOf(XfsProtocol.Received.Accepted.class);
  }

  @Test
  void more_commandsThanTheMaximum_areRefusedTooManyRequests() {
    protocol.receive(command("CardReader.ReadRawData", 1));
    protocol.receive(command("Common.Status", 2));

    XfsProtocol.Received r = protocol.receive(command("Common.Status", 3));
    assertThat(((XfsProtocol.Received.Refused) r).status()).isEqualTo(AckStatus.TOO_MANY_REQUESTS);
  }

  @Test
  void unknown_command_isAcknowledged_thenCompletedUnsupported_withoutStayingBooked() throws Exception {
    XfsProtocol.Received r = protocol.receive(command("Printer.PrintForm", 9));

    assertThat(r).isInstanceOf(XfsProtocol.Received.Unsupported.class);
    assertThat(parse(r.acknowledge()).at("/payload/status").isNull()).isTrue();
    JsonNode done = parse(((XfsProtocol.Received.Unsupported) r).completion());
    assertThat(done.at("/header/type").asText()).isEqualTo("completion");
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("unsupportedCommand");
    assertThat(protocol.runningIds()).isEmpty();
  }

  @Test
  void completion_carriesCodeDescriptionAndTheCommandsOwnProperties_once() throws Exception {
    protocol.receive(command("CardReader.ReadRawData", 4));
    var own = JsonNodeFactory.instance.objectNode().put("errorCode", "noMedia");

    JsonNode done = parse(protocol.completion(4, CompletionCode.COMMAND_ERROR_CODE, "card gone", own).orElseThrow());
    assertThat(done.at("/header/name").asText()).isEqualTo("CardReader.ReadRawData");
    assertThat(done.at("/header/requestId").asLong()).isEqualTo(4);
    assertThat(done.at("/payload/completionCode").asText()).isEqualTo("commandErrorCode");
    assertThat(done.at("/payload/errorDescription").asText()).isEqualTo("card gone");
    assertThat(done.at("/payload/errorCode").asText()).isEqualTo("noMedia");
    assertThat(protocol.completion(4, CompletionCode.CANCELED, null, null)).isEmpty();
  }

  @Test
  void events_belongToARunningCommand_unsolicitedOnesToNone() throws Exception {
    protocol.receive(command("CardReader.ReadRawData", 5));

    JsonNode e = parse(protocol.event(5, "CardReader.MediaInsertedEvent", JsonNodeFactory.instance.objectNode()));
    assertThat(e.at("/header/type").asText()).isEqualTo("event");
    assertThat(e.at("/header/requestId").asLong()).isEqualTo(5);
    assertThatThrownBy(() -> protocol.event(6, "CardReader.MediaInsertedEvent", null))
        .isInstanceOf(IllegalStateException.class);
    JsonNode u = parse(XfsProtocol.unsolicited("CardReader.MediaRemovedEvent", null));
    assertThat(u.at("/header/type").asText()).isEqualTo("unsolicited");
    assertThat(u.at("/header/requestId").asLong()).isZero();
    assertThat(u.at("/payload").isObject()).isTrue();
  }
}
