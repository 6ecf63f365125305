package org.doorstep.fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetConfigLoaderTest {

  @Test
  void defaults_are_embedded_broker_sqlite_and_https_on_8443() {
    FleetConfig c = FleetConfigLoader.parse(Optional.empty(), "defaults", Map.of());

    assertThat(c.http().port()).isEqualTo(8443);
    assertThat(c.http().plaintext()).isFalse();
    assertThat(c.http().serverNames()).containsExactly("localhost", "127.0.0.1");
    assertThat(c.broker().mode()).isEqualTo(FleetConfig.BrokerMode.EMBEDDED);
    assertThat(c.broker().embedded()).isEqualTo(new FleetConfig.Embedded(8883, "0.0.0.0", "data/broker", 1000, -1,
        java.util.List.of("localhost", "127.0.0.1")));
    assertThat(c.store().kind()).isEqualTo(FleetConfig.StoreKind.SQLITE);
    assertThat(c.ingest().options().batchSize()).isEqualTo(500);
    assertThat(c.ingest().options().linger()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void yaml_overrides_only_what_it_names() {
    String yaml = """
        http:
          port: 9090
        broker:
          mode: external
          external:
            url: tcp://10.0.0.5:1883
        store:
          kind: postgresql
          postgresql:
            jdbcUrl: jdbc:postgresql://db/fleet
        ingest:
          batchSize: 100
        """;

    FleetConfig c = FleetConfigLoader.parse(Optional.of(yaml), "fleet.yaml", Map.of());

    assertThat(c.http().port()).isEqualTo(9090);
    assertThat(c.broker().mode()).isEqualTo(FleetConfig.BrokerMode.EXTERNAL);
    assertThat(c.broker().external().url()).isEqualTo("tcp://10.0.0.5:1883");
    assertThat(c.broker().external().sharedGroup()).isEqualTo("fleet");
    assertThat(c.store().postgresql().jdbcUrl()).isEqualTo("jdbc:postgresql://db/fleet");
    assertThat(c.store().postgresql().user()).isEqualTo("fleet");
    assertThat(c.ingest().batchSize()).isEqualTo(100);
    assertThat(c.ingest().lingerMs()).isEqualTo(5);
  }

  @Test
  void plaintext_and_server_names_come_from_yaml_or_environment() {
    FleetConfig fromYaml = FleetConfigLoader.parse(Optional.of("""
        http:
          plaintext: true
          serverNames: [fleet.example, 10.0.0.7]
        """), "fleet.yaml", Map.of());
    FleetConfig fromEnv = FleetConfigLoader.parse(Optional.empty(), "defaults", Map.of(
        "DOORSTEP_FLEET_HTTP_SERVER_NAMES", "fleet.example, 10.0.0.7,localhost",
        "DOORSTEP_FLEET_HTTP_PLAINTEXT", "true"));

    assertThat(fromYaml.http().plaintext()).isTrue();
    assertThat(fromYaml.http().serverNames()).containsExactly("fleet.example", "10.0.0.7");
    assertThat(fromYaml.http().port()).isEqualTo(8443);
    assertThat(fromEnv.http().plaintext()).isTrue();
    assertThat(fromEnv.http().serverNames()).containsExactly("fleet.example", "10.0.0.7", "localhost");
  }

  @Test
  void empty_or_bad_server_names_are_refused_with_their_path() {
    assertThatThrownBy(() -> FleetConfigLoader.parse(Optional.of("http: { serverNames: [] }"), "f.yaml", Map.of()))
        .hasMessageContaining("http.serverNames: at least one");
    assertThatThrownBy(() -> FleetConfigLoader.parse(Optional.of("http: { serverNames: ['a b'] }"), "f.yaml", Map.of()))
        .hasMessageContaining("http.serverNames[0]: must be a host name or IP address");
  }

  @Test
  void environment_overrides_yaml() {
    FleetConfig c = FleetConfigLoader.parse(Optional.of("http: { port: 9090 }"), "fleet.yaml", Map.of(
        "DOORSTEP_FLEET_HTTP_PORT", "0",
        "DOORSTEP_FLEET_BROKER_PORT", "0",
        "DOORSTEP_FLEET_STORE_PATH", "/var/lib/doorstep/fleet.db",
        "DOORSTEP_FLEET_INGEST_LINGER_MS", "20"));

    assertThat(c.http().port()).isZero();
    assertThat(c.broker().embedded().port()).isZero();
    assertThat(c.store().sqlite().path()).isEqualTo("/var/lib/doorstep/fleet.db");
    assertThat(c.ingest().options().linger()).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void broker_tls_names_and_the_plaintext_opt_in_come_from_the_environment() {
    FleetConfig c = FleetConfigLoader.parse(Optional.empty(), "defaults", Map.of(
        "DOORSTEP_FLEET_BROKER_PLAINTEXT_PORT", "1884",
        "DOORSTEP_FLEET_BROKER_SERVER_NAMES", "fleet.example, 10.0.0.5"));

    assertThat(c.broker().embedded().plaintextPort()).isEqualTo(1884);
    assertThat(c.broker().embedded().serverNames()).containsExactly("fleet.example", "10.0.0.5");
  }

  @Test
  void broker_listener_violations_name_their_key() {
    String yaml = """
        broker: { embedded: { port: 8883, plaintextPort: 8883, serverNames: [] } }
        """;

    assertThatThrownBy(() -> FleetConfigLoader.parse(Optional.of(yaml), "fleet.yaml", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
            "broker.embedded.plaintextPort: must differ from broker.embedded.port (8883)",
            "broker.embedded.serverNames: at least one host name or IP address, none blank"));
  }

  @Test
  void every_violation_is_reported_with_its_path() {
    String yaml = """
        http: { port: 70000 }
        broker: { mode: embedded, embedded: { bind: "" } }
        ingest: { batchSize: 0 }
        """;

    assertThatThrownBy(() -> FleetConfigLoader.parse(Optional.of(yaml), "fleet.yaml", Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.violations()).containsExactly(
            "http.port: must be in 0..65535 (0 = any free port), was 70000",
            "broker.embedded.bind: must not be blank",
            "ingest.batchSize: must be in 1..10000, was 0"));
  }

  @Test
  void unknown_member_is_an_error_naming_it() {
    assertThatThrownBy(() -> FleetConfigLoader.parse(Optional.of("http: { prot: 1 }"), "fleet.yaml", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http")
        .hasMessageContaining("prot");
  }

  @Test
  void security_suite_and_retention_default_and_are_overridable() {
    FleetConfig d = FleetConfigLoader.parse(Optional.empty(), "defaults", Map.of());
    FleetConfig sm = FleetConfigLoader.parse(Optional.of("security: { suite: sm }"), "fleet.yaml",
        Map.of("DOORSTEP_FLEET_PERSONAL_DATA_RETENTION", "P90D"));

    assertThat(d.security()).isEqualTo(FleetConfig.Security.defaults());
    assertThat(d.security().retention()).isEqualTo(java.time.Duration.ofDays(365));
    assertThat(d.dataKeyFile().getFileName().toString()).isEqualTo(FleetConfig.DATA_KEY_FILE);
    assertThat(sm.security().suite()).isEqualTo(org.doorstep.config.crypto.CryptoSuite.SM);
    assertThat(sm.security().retention()).isEqualTo(java.time.Duration.ofDays(90));
    assertThatThrownBy(() -> FleetConfigLoader.parse(Optional.of("security: { personalDataRetention: 1 year }"),
        "fleet.yaml", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.personalDataRetention: must be an ISO-8601 duration such as P365D, was 1 year");
  }

  @Test
  void password_is_not_shown_by_to_string() {
    assertThat(new FleetConfig.Postgresql("jdbc:postgresql://db/x", "u", "secret").toString()).doesNotContain("secret");
  }
}
