package org.doorstep.agent.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LightPatternTest {
  private static boolean at(LightState s, long ms) {
    return LightPattern.of(s).levelAt(Duration.ofMillis(ms));
  }

  @Test
  void idle_is_steady_on_and_off_is_dark() {
    assertThat(LightPattern.of(LightState.IDLE).isSteady()).isTrue();
    assertThat(at(LightState.IDLE, 0)).isTrue();
    assertThat(at(LightState.IDLE, 123_456)).isTrue();
    assertThat(at(LightState.OFF, 0)).isFalse();
    assertThat(at(LightState.OFF, 999)).isFalse();
  }

  @Test
  void busy_blinks_at_one_hertz() {
    assertThat(LightPattern.of(LightState.BUSY).period()).isEqualTo(Duration.ofSeconds(1));
    assertThat(at(LightState.BUSY, 0)).isTrue();
    assertThat(at(LightState.BUSY, 499)).isTrue();
    assertThat(at(LightState.BUSY, 500)).isFalse();
    assertThat(at(LightState.BUSY, 1000)).isTrue();
  }

  @Test
  void needs_staff_blinks_at_four_hertz() {
    assertThat(LightPattern.of(LightState.NEEDS_STAFF).period()).isEqualTo(Duration.ofMillis(250));
    assertThat(at(LightState.NEEDS_STAFF, 100)).isTrue();
    assertThat(at(LightState.NEEDS_STAFF, 130)).isFalse();
    assertThat(at(LightState.NEEDS_STAFF, 260)).isTrue();
  }

  @Test
  void error_double_flashes_every_two_seconds() {
    assertThat(LightPattern.of(LightState.ERROR).period()).isEqualTo(Duration.ofSeconds(2));
    assertThat(at(LightState.ERROR, 0)).isTrue();
    assertThat(at(LightState.ERROR, 200)).isFalse();
    assertThat(at(LightState.ERROR, 350)).isTrue();
    assertThat(at(LightState.ERROR, 500)).isFalse();
    assertThat(at(LightState.ERROR, 1999)).isFalse();
    assertThat(at(LightState.ERROR, 2000)).isTrue();
  }

  @Test
  void every_state_has_a_distinct_pattern() {
    assertThat(java.util.Arrays.stream(LightState.values()).map(LightPattern::of).distinct().count())
        .isEqualTo(LightState.values().length);
  }
}
