package org.doorstep.config.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.config.testing.Theories.qt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.doorstep.config.profile.ConfigLoader.Format;
import org.doorstep.config.testing.Fuzz;
import org.doorstep.config.testing.Theories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Property-based fuzzing (QuickTheories, fixed seeds, see {@link Theories}) of config loading, the one decoder that reads files an operator
 * (or a config bundle from the fleet) hands the agent: random and mutated YAML and JSON. Whatever the
 * text, {@link ConfigLoader#load(String, Format)} returns a config that validates, or throws a
 * {@link ConfigException} whose every violation has a path and a message; it never hangs (each input
 * within {@link Fuzz#PER_INPUT}, each property within its {@code @Timeout}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConfigLoaderPropertiesTest {
  private static final long SEED = 0xC0_F16L;
  private static final ConfigLoader LOADER = ConfigLoader.withoutEnvironment();
  private static final List<String> YAML = List.of(defaults(), """
      device: {id: kiosk-7, region: "440103", dataDir: /var/lib/doorstep}
      devices:
        printer: {driver: SERIAL, port: /dev/ttyS1, baud: 9600, paperWidthMm: 58}
      services: [certification, registration]
      policy:
        liveness: {challenges: [NOD, OPEN_MOUTH], count: 1}
        retention: P7D
      security: {suite: SM}
      """, "uplink: {brokerUrl: 'ssl://fleet.example:8883'}\nlocal: {httpPort: -1}\n");
  private static final List<String> JSON = List.of("""
      {"device": {"id": "bank-7"}, "uplink": {"brokerUrl": "ssl://fleet.example:8883"},
       "security": {"suite": "SM"}, "services": [{"id": "information-change", "enabled": false}]}
      """, "{\"policy\": {\"liveness\": {\"challenges\": [\"BLINK\"], \"count\": 1}, \"ackTimeout\": \"PT5S\"}}");

  private static String defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(ConfigLoader.DEFAULTS_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void load(String label, String text, Format format) {
    Fuzz.expectOnly(label, () -> {
      try {
        DoorstepConfig c = LOADER.load(text, format);
        assertThat(ConfigValidator.validate(c)).isEmpty();
      } catch (ConfigException e) {
        assertThat(e.violations()).isNotEmpty().allSatisfy(v -> {
          assertThat(v.path()).isNotBlank();
          assertThat(v.message()).isNotBlank();
        });
        throw e;
      }
    }, ConfigException.class);
  }

  @Test
  void valid_documents_load() {
    qt(SEED, 300).forAll(Theories.indexes(YAML))
        .checkAssert(which -> assertThat(LOADER.load(YAML.get(which), Format.YAML)).isNotNull());
  }

  @Test
  void mutated_yaml_loads_or_is_refused_with_violations() {
    qt(SEED + 1, 800).forAll(Theories.indexes(YAML), Theories.seeds()).checkAssert((which, seed) -> {
      String text = Fuzz.mutate(YAML.get(which), YAML, new Random(seed));
      load("YAML mutation " + which + " seed " + seed, text, Format.YAML);
    });
  }

  @Test
  void mutated_json_loads_or_is_refused_with_violations() {
    qt(SEED + 2, 800).forAll(Theories.indexes(JSON), Theories.seeds()).checkAssert((which, seed) -> {
      String text = Fuzz.mutate(JSON.get(which), JSON, new Random(seed));
      load("JSON mutation " + which + " seed " + seed, text, Format.JSON);
    });
  }

  @Test
  void random_yamlish_text_loads_or_is_refused_with_violations() {
    qt(SEED + 3, 800).forAll(yamlish()).checkAssert(text -> {
      load("random YAML " + text, text, Format.YAML);
      load("random JSON " + text, text, Format.JSON);
    });
  }

  /** YAML-like token soup (anchors, tags, merge keys, block scalars, NUL, tabs), or any text at all. */
  private static Gen<String> yamlish() {
    Gen<String> tokens = Theories.tokens(40, List.of("device:", "devices:", "policy:", "security:", "suite:", " SM",
        " STANDARD", "uplink:", "brokerUrl:", "\n", "\n  ", "  ", "- ", "{", "}", "[", "]", ",", ": ", "&a ", "*a",
        "!!binary ", "!!java.lang.Object ", "<<: *a", "'", "\"", "~", "null", "PT30S", "P30D", "-1", "99999999999",
        "1e400", "true", "---", "...", "#", "%YAML 1.1\n", "? ", "|\n", ">\n", "\t", "\u0000", "张"));
    return Generate.oneOf(tokens, SourceDSL.strings().allPossible().ofLengthBetween(0, 200));
  }
}
