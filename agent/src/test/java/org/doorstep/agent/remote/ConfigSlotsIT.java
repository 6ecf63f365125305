package org.doorstep.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config slots on a real file system: atomic install, last known good, crash recovery. */
class ConfigSlotsIT {
  @TempDir Path dataDir;

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fresh_slots_are_empty() {
    ConfigSlots slots = ConfigSlots.open(dataDir);
    assertThat(slots.current()).isEmpty();
    assertThat(slots.lastKnownGood()).isEmpty();
  }

  @Test
  void install_keeps_the_previous_bundle_as_last_known_good() {
    ConfigSlots slots = ConfigSlots.open(dataDir);
    slots.install(b("v1"));
    slots.install(b("v2"));
    assertThat(slots.current()).hasValue(b("v2"));
    assertThat(slots.lastKnownGood()).hasValue(b("v1"));
  }

  @Test
  void crash_between_write_and_rename_leaves_the_previous_bundle_in_force() {
    ConfigSlots slots = ConfigSlots.open(dataDir);
    slots.install(b("v1"));
    slots.stage(b("v2"));                    // written and synced, then the power went
    assertThat(dataDir.resolve("config").resolve(ConfigSlots.STAGED)).exists();

    ConfigSlots afterReboot = ConfigSlots.open(dataDir);
    assertThat(afterReboot.current()).hasValue(b("v1"));
    assertThat(afterReboot.lastKnownGood()).isEmpty();
    assertThat(dataDir.resolve("config").resolve(ConfigSlots.STAGED)).doesNotExist();
  }

  @Test
  void crash_while_copying_the_last_known_good_leaves_current_untouched() throws Exception {
    ConfigSlots slots = ConfigSlots.open(dataDir);
    slots.install(b("v1"));
    Files.write(dataDir.resolve("config").resolve(ConfigSlots.LAST_KNOWN_GOOD + ".tmp"), b("v"));  // torn copy

    ConfigSlots afterReboot = ConfigSlots.open(dataDir);
    assertThat(afterReboot.current()).hasValue(b("v1"));
    assertThat(dataDir.resolve("config").resolve(ConfigSlots.LAST_KNOWN_GOOD + ".tmp")).doesNotExist();
  }

  @Test
  void rollback_makes_the_last_known_good_current_again() {
    ConfigSlots slots = ConfigSlots.open(dataDir);
    slots.install(b("v1"));
    slots.install(b("v2"));
    assertThat(slots.rollback()).hasValue(b("v1"));
    assertThat(slots.current()).hasValue(b("v1"));
  }

  @Test
  void rollback_without_last_known_good_returns_to_the_local_config() {
    ConfigSlots slots = ConfigSlots.open(dataDir);
    slots.install(b("v1"));
    assertThat(slots.rollback()).isEmpty();
    assertThat(slots.current()).isEmpty();
  }
}
