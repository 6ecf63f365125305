package org.doorstep.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceQueryTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  private static DeviceQuery query(String region, String q, int limit, int offset) {
    return new DeviceQuery(Optional.ofNullable(region), Optional.empty(), Optional.ofNullable(q), Optional.empty(),
        limit, offset);
  }

  @Test
  void page_size_is_1_to_500_and_the_offset_not_negative() {
    assertThat(query(null, null, 500, 0).limit()).isEqualTo(500);
    assertThatThrownBy(() -> query(null, null, 0, 0)).hasMessage("limit: must be in 1..500, was 0");
    assertThatThrownBy(() -> query(null, null, 501, 0)).hasMessage("limit: must be in 1..500, was 501");
    assertThatThrownBy(() -> query(null, null, 50, -1)).hasMessage("offset: must be >= 0, was -1");
    assertThat(DeviceQuery.everyDevice().limit()).isEqualTo(DeviceQuery.EVERY);
  }

  @Test
  void region_is_digits_and_the_id_text_device_id_characters_only() {
    assertThat(query("4401", "kiosk_0.1-a", 50, 0).regionPrefix()).contains("4401");
    assertThatThrownBy(() -> query("44a", null, 50, 0)).hasMessageStartingWith("region: must be 1..12 digits");
    assertThatThrownBy(() -> query(null, "50%", 50, 0)).hasMessageStartingWith("q: must be 1..64 device-id characters");
    assertThatThrownBy(() -> query(null, "a".repeat(65), 50, 0)).hasMessageStartingWith("q: ");
  }

  @Test
  void status_is_revoked_first_then_never_seen_then_the_online_flag() {
    RegisteredDevice live = new RegisteredDevice("k1", "pem", "Ed25519", "kid", "440106", T0, false);
    RegisteredDevice revoked = new RegisteredDevice("k1", "pem", "Ed25519", "kid", "440106", T0, true);
    Optional<String> state = Optional.of("{}");

    assertThat(DeviceStatus.of(new DeviceOverview(revoked, Optional.of(true), state, Optional.of(T0), Optional.empty())))
        .isEqualTo(DeviceStatus.REVOKED);
    assertThat(DeviceStatus.of(new DeviceOverview(live, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(T0)))).as("records but no state").isEqualTo(DeviceStatus.NEVER_SEEN);
    assertThat(DeviceStatus.of(new DeviceOverview(live, Optional.of(true), state, Optional.of(T0), Optional.empty())))
        .isEqualTo(DeviceStatus.ONLINE);
    assertThat(DeviceStatus.of(new DeviceOverview(live, Optional.of(false), state, Optional.of(T0), Optional.empty())))
        .isEqualTo(DeviceStatus.OFFLINE);
    assertThat(DeviceStatus.ofWireName("never-seen")).contains(DeviceStatus.NEVER_SEEN);
    assertThat(DeviceStatus.ofWireName("NEVER_SEEN")).isEmpty();
  }
}
