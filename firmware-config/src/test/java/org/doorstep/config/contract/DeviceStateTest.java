package org.doorstep.config.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The optional v1 additions of the state body: {@code faults}, {@code outboxOldestAt} and {@code terminalKind}. */
class DeviceStateTest {
  private static final Instant AT = Instant.parse("2026-03-01T08:00:00Z");

  @Test
  void optional_members_round_trip_and_are_omitted_when_absent() {
    DeviceState full = new DeviceState("kiosk-1", true, "0.1.0", 3, Map.of("printer", "HWERROR"), 2, AT,
        Map.of("printer", "PAPER_OUT"), Optional.of(AT.minusSeconds(60)), Optional.of("BANK_TERMINAL"));
    byte[] wire = WireCodec.encodeUnsigned(MessageType.STATE, full);
    assertThat(WireCodec.decode(wire).bodyAs(DeviceState.class)).isEqualTo(full);
    assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"faults\":{\"printer\":\"PAPER_OUT\"}")
        .contains("\"outboxOldestAt\":\"2026-03-01T07:59:00Z\"").contains("\"terminalKind\":\"BANK_TERMINAL\"");

    DeviceState plain = new DeviceState("kiosk-1", true, "0.1.0", 3, Map.of("printer", "ONLINE"), 0, AT);
    byte[] plainWire = WireCodec.encodeUnsigned(MessageType.STATE, plain);
    assertThat(new String(plainWire, StandardCharsets.UTF_8)).doesNotContain("faults").doesNotContain("outboxOldestAt")
        .doesNotContain("terminalKind");
    DeviceState decoded = WireCodec.decode(plainWire).bodyAs(DeviceState.class);
    assertThat(decoded).isEqualTo(plain);
    assertThat(decoded.faults()).isEmpty();
    assertThat(decoded.outboxOldestAt()).isEmpty();
    assertThat(decoded.terminalKind()).isEmpty();
  }

  @Test
  void a_terminal_kind_is_an_upper_case_word() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeviceState("kiosk-1", true, "0.1.0", 3, Map.of(), 0,
        AT, Map.of(), Optional.empty(), Optional.of("kiosk; drop table"))).hasMessageStartingWith("terminalKind:");
  }
}
