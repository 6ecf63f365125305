package org.doorstep.fleet.alarms.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegionTreeTest {
  private static Alarm alarm(String region, Severity s) {
    Instant t = Instant.parse("2026-03-01T08:00:00Z");
    return new Alarm("id-" + region + s, "k-" + region, region, AlarmType.OFFLINE, s, "", t, t, null, null, null, null,
        null);
  }

  @Test
  void path_runs_from_province_down_to_the_village_and_strips_zero_padding() {
    assertThat(RegionTree.path("440106001001")).containsExactly("44", "4401", "440106", "440106001", "440106001001");
    assertThat(RegionTree.path("440100")).containsExactly("44", "4401");
    assertThat(RegionTree.path("440106001000")).containsExactly("44", "4401", "440106", "440106001");
    assertThat(RegionTree.path("440000")).containsExactly("44");
    assertThat(RegionTree.path("Tianhe")).isEmpty();
    assertThat(RegionTree.path("12345")).isEmpty();
    assertThat(RegionTree.normalise("440106000000")).isEqualTo(Optional.of("440106"));
  }

  @Test
  void counts_roll_up_every_level() {
    var counts = RegionTree.rollUp(List.of(alarm("440106001001", Severity.CRITICAL), alarm("440106", Severity.MAJOR),
        alarm("440305", Severity.MAJOR), alarm("110105", Severity.WARNING), alarm("free text", Severity.MINOR)));
    assertThat(counts.get("44").total()).isEqualTo(3);
    assertThat(counts.get("44").level()).isEqualTo(RegionTree.Level.PROVINCE);
    assertThat(counts.get("4401").total()).isEqualTo(2);
    assertThat(counts.get("440106").bySeverity()).containsEntry(Severity.CRITICAL, 1L).containsEntry(Severity.MAJOR, 1L)
        .containsEntry(Severity.MINOR, 0L);
    assertThat(counts.get("440106001").level()).isEqualTo(RegionTree.Level.TOWNSHIP);
    assertThat(counts.get("440106001001").level()).isEqualTo(RegionTree.Level.VILLAGE);
    assertThat(counts.get("11").total()).isEqualTo(1);
    assertThat(counts).doesNotContainKey("free text");
  }
}
