package org.doorstep.config.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.profile.ConfigLoader.Format;
import org.doorstep.config.profile.DeviceIdentity.TerminalKind;
import org.doorstep.config.profile.DeviceProfile.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, YAML/JSON documents, environment overrides and how failures are reported. */
class ConfigLoaderTest {
  private final ConfigLoader loader = ConfigLoader.withoutEnvironment();

  private static List<String> violations(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e.messages();
    }
    throw new AssertionError("expected a ConfigException");
  }

  /** Fails on any null component, recursively: a loaded config is complete. */
  private static void assertFullyPopulated(Object value, String path) throws Exception {
    assertThat(value).as(path).isNotNull();
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        assertFullyPopulated(list.get(i), path + "[" + i + "]");
      }
    } else if (value.getClass().isRecord()) {
      for (RecordComponent c : value.getClass().getRecordComponents()) {
        assertFullyPopulated(c.getAccessor().invoke(value), path + "." + c.getName());
      }
    }
  }

  @Test
  void loadDefaults_givesDocumentedDemoKiosk() throws Exception {
    DoorstepConfig c = loader.loadDefaults();

    assertFullyPopulated(c, "config");
    assertThat(c.device().kind()).isEqualTo(TerminalKind.KIOSK);
    assertThat(c.devices().idCardReader().driver()).isEqualTo(Driver.SIMULATED);
    assertThat(c.devices().printer().driver()).isEqualTo(Driver.SIMULATED);
    assertThat(c.devices().camera().driver()).isEqualTo(Driver.SIMULATED);
    assertThat(c.services()).containsExactly(new ServiceEntry("certification", true), new ServiceEntry("proof-print", true));
    Policy p = c.policy();
    assertThat(p.liveness()).isEqualTo(new Policy.Liveness(List.of("BLINK", "TURN_LEFT", "TURN_RIGHT"), 2,
        Duration.ofSeconds(10), 700));
    assertThat(p.matchThresholdMilli()).isEqualTo(500);
    assertThat(p.mismatch()).isEqualTo(new Policy.Mismatch(true, true, Duration.ofMinutes(5), Duration.ofDays(400)));
    assertThat(p.matchRetries()).isEqualTo(1);
    assertThat(p.sessionTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(p.uploadBatchSize()).isEqualTo(50);
    assertThat(p.ackTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.uplink()).isEqualTo(new Uplink("ssl://127.0.0.1:8883", ""));
    assertThat(c.security()).isEqualTo(Security.STANDARD);
    assertThat(c.suite()).isEqualTo(org.doorstep.config.crypto.CryptoSuite.STANDARD);
    assertThat(c.devices().gpio().relays()).isEqualTo(DeviceProfile.Relays.NONE);
    assertThat(c.local()).isEqualTo(new LocalServices(8081, "127.0.0.1", LocalServices.OpcUa.OFF,
        new LocalServices.Xfs4Iot(LocalServices.Xfs4Iot.FIRST_PORT, "")));
    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void load_ptySimulatorDrivers_localServicesAndRelays() {
    DoorstepConfig c = loader.load("""
        devices:
          idCardReader: {driver: pty-simulator}
          printer: {driver: PTY_SIMULATOR, paperWidthMm: 58, verificationUrl: "https://verify.example.gov.cn/r/"}
          gpio: {relays: {printer: 23}}
        local:
          httpPort: 0
          opcUa: {enabled: true, port: 0}
        """, Format.YAML);

    assertThat(c.devices().idCardReader().driver()).isEqualTo(Driver.PTY_SIMULATOR);
    assertThat(c.devices().idCardReader().photoDecoder()).isEmpty();
    assertThat(c.devices().printer().driver()).isEqualTo(Driver.PTY_SIMULATOR);
    assertThat(c.devices().printer().verificationUrl()).isEqualTo("https://verify.example.gov.cn/r/");
    assertThat(c.devices().gpio().relays()).isEqualTo(new DeviceProfile.Relays(-1, 23));
    assertThat(c.local()).isEqualTo(new LocalServices(0, "127.0.0.1", new LocalServices.OpcUa(true, 0, "127.0.0.1"),
        new LocalServices.Xfs4Iot(LocalServices.Xfs4Iot.FIRST_PORT, "")));
  }

  @Test
  void environment_setsLocalKeys() {
    DoorstepConfig c = new ConfigLoader(Map.of("DOORSTEP_LOCAL_HTTP_PORT", "-1",
        "DOORSTEP_LOCAL_OPC_UA_ENABLED", "true")).loadDefaults();

    assertThat(c.local().httpPort()).isEqualTo(LocalServices.DISABLED);
    assertThat(c.local().opcUa().enabled()).isTrue();
  }

  @Test
  void environment_setsTheXfs4IotKeys() {
    DoorstepConfig c = new ConfigLoader(Map.of("DOORSTEP_LOCAL_XFS4IOT_PORT", "-1",
        "DOORSTEP_LOCAL_XFS4IOT_TOKEN_FILE", "/etc/doorstep/bank.token")).loadDefaults();

    assertThat(c.local().xfs4iot()).isEqualTo(new LocalServices.Xfs4Iot(LocalServices.DISABLED, "/etc/doorstep/bank.token"));
    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void environment_setsTheScreenKeys() {
    DoorstepConfig c = new ConfigLoader(Map.of("DOORSTEP_LOCAL_SCREEN_KIND", "browser",
        "DOORSTEP_LOCAL_SCREEN_PORT", "0", "DOORSTEP_LOCAL_SCREEN_IDLE_TIMEOUT", "PT90S")).loadDefaults();

    assertThat(c.local().screen()).isEqualTo(new LocalServices.Screen(LocalServices.Screen.Kind.BROWSER, 0,
        Duration.ofSeconds(90)));
    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void screen_idleTimeoutTooShortAndPortOutOfRange_areReportedWithTheirPaths() {
    assertThat(violations(() -> loader.load("""
        local:
          screen: {kind: BROWSER, port: 70000, idleTimeout: PT3S}
        """, Format.YAML))).containsExactly("local.screen.port: must be between 0 and 65535, was 70000",
        "local.screen.idleTimeout: must be at least PT10S (an elderly resident reads slowly), was PT3S");
  }

  @Test
  void screen_unknownKind_namesTheKinds() {
    assertThat(violations(() -> new ConfigLoader(Map.of("DOORSTEP_LOCAL_SCREEN_KIND", "TABLET")).loadDefaults()))
        .singleElement().asString().startsWith("local.screen.kind: must be one of AUTO, BROWSER");
  }

  @Test
  void environment_setsTheSuite_whichDrivesSignaturesAndCipher() {
    DoorstepConfig c = new ConfigLoader(Map.of("DOORSTEP_SECURITY_SUITE", "sm")).loadDefaults();

    assertThat(c.security()).isEqualTo(Security.SM);
    assertThat(c.suite().signatureAlgorithm()).isEqualTo(org.doorstep.config.crypto.SignatureAlgorithm.SM2_SM3);
    assertThat(c.suite().cipherAlgorithm()).isEqualTo(org.doorstep.config.crypto.EvidenceCipher.Algorithm.SM4_GCM);
  }

  @Test
  void configBuiltInCode_withoutSecuritySection_followsTheSignatureAlgorithm() {
    DoorstepConfig d = loader.loadDefaults();
    DoorstepConfig legacy = new DoorstepConfig(d.device(), d.devices(), d.services(), d.policy(),
        new Uplink("tcp://127.0.0.1:1884", "SM2-SM3"));
    DoorstepConfig none = new DoorstepConfig(d.device(), d.devices(), d.services(), d.policy(),
        new Uplink("tcp://127.0.0.1:1884", ""));

    assertThat(legacy.suite()).isEqualTo(org.doorstep.config.crypto.CryptoSuite.SM);
    assertThat(none.suite()).isEqualTo(org.doorstep.config.crypto.CryptoSuite.STANDARD);
    assertThat(none.withSecurity(Security.SM).suite()).isEqualTo(org.doorstep.config.crypto.CryptoSuite.SM);
    assertThat(ConfigValidator.validate(legacy)).isEmpty();
  }

  @Test
  void configBuiltInCode_withoutLocalSection_hasNoLocalServers() {
    DoorstepConfig d = loader.loadDefaults();
    DoorstepConfig c = new DoorstepConfig(d.device(), d.devices(), d.services(), d.policy(), d.uplink());

    assertThat(c.local()).isEqualTo(LocalServices.NONE);
    assertThat(ConfigValidator.validate(c)).isEmpty();
  }

  @Test
  void load_yamlFile_mergesOverDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kiosk.yaml");
    Files.writeString(file, """
        device:
          id: kiosk-0042
          region: 320102
          kind: bank_terminal
        devices:
          printer:
            driver: serial
            port: /dev/ttyS1
            paperWidthMm: 58
        services: [certification, registration]
        policy:
          liveness:
            challenges: [NOD, OPEN_MOUTH]
            count: 1
          retention: P7D
        """);

    DoorstepConfig c = loader.load(file);

    assertFullyPopulated(c, "config");
    assertThat(c.device().id()).isEqualTo("kiosk-0042");
    assertThat(c.device().region()).isEqualTo("320102");
    assertThat(c.device().kind()).isEqualTo(TerminalKind.BANK_TERMINAL);
    assertThat(c.device().dataDir()).isEqualTo("data");
    assertThat(c.devices().printer()).isEqualTo(new DeviceProfile.Printer(Driver.SERIAL, "/dev/ttyS1", 9600, 58));
    assertThat(c.devices().idCardReader().driver()).isEqualTo(Driver.SIMULATED);
    assertThat(c.services()).extracting(ServiceEntry::id).containsExactly("certification", "registration");
    assertThat(c.services()).allMatch(ServiceEntry::enabled);
    assertThat(c.policy().liveness().challenges()).containsExactly("NOD", "OPEN_MOUTH");
    assertThat(c.policy().liveness().perChallenge()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.policy().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(c.policy().ackTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void load_jsonFile_mergesOverDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("kiosk.json");
    Files.writeString(file, """
        {"device": {"id": "bank-7"},
         "uplink": {"brokerUrl": "ssl://fleet.example:8883", "signatureAlgorithm": "SM2-SM3"},
         "security": {"suite": "SM"},
         "services": [{"id": "information-change", "enabled": false}]}
        """);

    DoorstepConfig c = loader.load(file);

    assertFullyPopulated(c, "config");
    assertThat(c.device().id()).isEqualTo("bank-7");
    assertThat(c.uplink()).isEqualTo(new Uplink("ssl://fleet.example:8883", "SM2-SM3"));
    assertThat(c.suite()).isEqualTo(org.doorstep.config.crypto.CryptoSuite.SM);
    assertThat(c.services()).containsExactly(new ServiceEntry("information-change", false));
  }

  @Test
  void enrolment_isRead_fromYamlAndEnvironment_andTheTokenNeverPrinted() {
    String token = "Zk3-gQ_9x7T2b8vN1cY4dR6eW0aH5jL2mP8sK3fUqBo";
    String fp = "AB:CD:" + "0".repeat(60);
    DoorstepConfig c = new ConfigLoader(Map.of("DOORSTEP_UPLINK_ENROLMENT_TOKEN", token)).load("""
        uplink:
          enrolment:
            url: https://fleet.example:8443
            caFingerprint: "%s"
        """.formatted(fp), ConfigLoader.Format.YAML);

    Uplink.Enrolment e = c.uplink().enrolment();
    assertThat(c.uplink().enrols()).isTrue();
    assertThat(e.url()).isEqualTo("https://fleet.example:8443");
    assertThat(e.token()).isEqualTo(token);
    assertThat(e.normalizedFingerprint()).isEqualTo("abcd" + "0".repeat(60));
    assertThat(e.renewWhenLeftPercent()).isEqualTo(33);
    assertThat(e.toString()).doesNotContain(token);
  }

  @Test
  void enrolment_badUrlTokenFingerprintOrThreshold_areReportedWithoutEchoingTheToken() {
    String badToken = "short secret";
    List<String> v = violations(() -> new ConfigLoader(Map.of()).load("""
        uplink:
          enrolment:
            url: http://fleet.example:8080
            token: "%s"
            caFingerprint: "12:34"
            renewWhenLeftPercent: 95
        """.formatted(badToken), ConfigLoader.Format.YAML));

    assertThat(v).containsExactlyInAnyOrder(
        "uplink.enrolment.url: must be https://host[:port] (the token never crosses plain HTTP), was 'http://fleet.example:8080'",
        "uplink.enrolment.token: must be 16-256 of [A-Za-z0-9_-] (the token the operator was given)",
        "uplink.enrolment.caFingerprint: must be a SHA-256 fingerprint: 64 hex digits, colons allowed",
        "uplink.enrolment.renewWhenLeftPercent: must be between 1 and 90, was 95");
    assertThat(String.join("\n", v)).doesNotContain(badToken);
  }

  // Issue 10, part 5: an empty or truncated config started a kiosk on the demo defaults.
  @Test
  void load_emptyYamlFile_isAnError_namingTheFile(@TempDir Path dir) throws IOException {
    for (String text : new String[] {"", "\n\n", "# device:\n#   id: kiosk-7\n"}) {
      Path file = dir.resolve("empty.yml");
      Files.writeString(file, text);

      assertThat(violations(() -> loader.load(file))).singleElement().asString()
          .startsWith("empty.yml: the file " + file + " is empty");
    }
  }

  @Test
  void load_emptyJsonFile_isAnError_butAnExplicitEmptyObjectIsTheDefaults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("kiosk.json");
    Files.writeString(file, "  \n");
    assertThat(violations(() -> loader.load(file))).singleElement().asString().contains("is empty");

    Files.writeString(file, "{}");
    assertThat(loader.load(file)).isEqualTo(loader.loadDefaults());
  }

  @Test
  void loadTerminal_withoutIdAndDrivers_listsEveryMissingKey(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("kiosk.yaml");
    Files.writeString(file, "device:\n  region: \"110101\"\n");

    assertThat(violations(() -> loader.loadTerminal(file)))
        .anySatisfy(v -> assertThat(v).startsWith("device.id: must be set explicitly").contains("DOORSTEP_DEVICE_ID"))
        .anySatisfy(v -> assertThat(v).startsWith("devices.idCardReader.driver: must be set explicitly"))
        .anySatisfy(v -> assertThat(v).startsWith("devices.printer.driver: must be set explicitly"))
        .anySatisfy(v -> assertThat(v).startsWith("devices.camera.driver: must be set explicitly"));
  }

  @Test
  void loadTerminal_withIdAndDrivers_loads_andTheEnvironmentCounts(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("kiosk.yaml");
    Files.writeString(file, """
        devices:
          idCardReader: {driver: SIMULATED}
          printer: {driver: PTY_SIMULATOR}
          camera: {driver: SIMULATED}
        """);

    DoorstepConfig c = new ConfigLoader(Map.of("DOORSTEP_DEVICE_ID", "bank-9")).loadTerminal(file);

    assertThat(c.device().id()).isEqualTo("bank-9");
    assertThat(c.devices().printer().driver()).isEqualTo(Driver.PTY_SIMULATOR);
    assertThat(violations(() -> loader.loadTerminal(file))).singleElement().asString().startsWith("device.id:");
  }

  @Test
  void load_nullValue_keepsDefault() {
    DoorstepConfig c = loader.load("devices:\n  printer:\n    baud:\n", Format.YAML);

    assertThat(c.devices().printer().baud()).isEqualTo(9600);
  }

  @Test
  void load_jsonNode_fromBundle_isNotModified() {
    ObjectNode doc = WireCodec.mapper().createObjectNode();
    doc.putObject("device").put("id", "kiosk-9");
    doc.putArray("services").add("proof-print");
    ObjectNode before = doc.deepCopy();

    DoorstepConfig c = loader.load(doc);

    assertThat(c.device().id()).isEqualTo("kiosk-9");
    assertThat(c.services()).containsExactly(new ServiceEntry("proof-print", true));
    assertThat(doc).isEqualTo(before);
  }

  @Test
  void toDocument_thenLoad_givesSameConfig() {
    DoorstepConfig c = loader.load("device: {id: kiosk-3}\npolicy: {retention: P90D}", Format.YAML);

    assertThat(loader.load(ConfigLoader.toDocument(c))).isEqualTo(c);
  }

  @Test
  void environment_overridesFileAndDefaults_pathsSplitOnCamelCase() {
    ConfigLoader withEnv = new ConfigLoader(Map.of(
        "DOORSTEP_DEVICES_PRINTER_BAUD", "57600",
        "DOORSTEP_DEVICES_PRINTER_PAPER_WIDTH_MM", "58",
        "DOORSTEP_DEVICES_ID_CARD_READER_DRIVER", "serial",
        "DOORSTEP_DEVICES_ID_CARD_READER_PORT", "/dev/ttyAMA0",
        "DOORSTEP_UPLINK_BROKER_URL", "ssl://h:1",
        "DOORSTEP_DEVICE_ID", "kiosk-7",
        "DOORSTEP_DEVICES_GPIO_ENABLED", "TRUE",
        "DOORSTEP_POLICY_LIVENESS_CHALLENGES", "BLINK, NOD",
        "DOORSTEP_POLICY_ACK_TIMEOUT", "PT45S",
        "DOORSTEP_SERVICES_1_ENABLED", "false"));

    DoorstepConfig c = withEnv.load("device: {id: from-file}\ndevices: {printer: {baud: 19200}}", Format.YAML);

    assertThat(c.device().id()).isEqualTo("kiosk-7");
    assertThat(c.devices().printer().baud()).isEqualTo(57600);
    assertThat(c.devices().printer().paperWidthMm()).isEqualTo(58);
    assertThat(c.devices().idCardReader()).isEqualTo(new DeviceProfile.SerialDevice(Driver.SERIAL, "/dev/ttyAMA0", 115200));
    assertThat(c.uplink().brokerUrl()).isEqualTo("ssl://h:1");
    assertThat(c.devices().gpio().enabled()).isTrue();
    assertThat(c.policy().liveness().challenges()).containsExactly("BLINK", "NOD");
    assertThat(c.policy().ackTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.services()).containsExactly(new ServiceEntry("certification", true), new ServiceEntry("proof-print", false));
  }

  @Test
  void environment_otherVariables_areIgnored() {
    ConfigLoader withEnv = new ConfigLoader(Map.of("PATH", "/bin", "DOORSTEP_CONFIG", "/etc/doorstep.yaml",
        "DOORSTEP_HOME", "/opt"));

    assertThat(withEnv.loadDefaults()).isEqualTo(loader.loadDefaults());
  }

  @Test
  void environment_unknownKeyInConfigSection_isViolation() {
    ConfigLoader withEnv = new ConfigLoader(Map.of("DOORSTEP_DEVICES_PRINTER_BAUDRATE", "9600"));

    assertThat(violations(withEnv::loadDefaults))
        .containsExactly("DOORSTEP_DEVICES_PRINTER_BAUDRATE: no config key has this name (see docs/configuration.md)");
  }

  @Test
  void environment_badValue_isReportedAtKeyPathNamingVariable() {
    ConfigLoader withEnv = new ConfigLoader(Map.of("DOORSTEP_DEVICES_PRINTER_BAUD", "fast"));

    assertThat(violations(withEnv::loadDefaults))
        .containsExactly("devices.printer.baud: must be an integer, was 'fast' (from DOORSTEP_DEVICES_PRINTER_BAUD)");
  }

  @Test
  void environment_validValueOutOfRule_isReportedAtKeyPath() {
    ConfigLoader withEnv = new ConfigLoader(Map.of("DOORSTEP_DEVICES_PRINTER_BAUD", "12345"));

    assertThat(violations(withEnv::loadDefaults))
        .containsExactly("devices.printer.baud: must be one of 9600, 19200, 38400, 57600, 115200");
  }

  @Test
  void envName_followsDocumentedRule() {
    assertThat(ConfigLoader.envName(List.of("devices", "idCardReader", "port"))).isEqualTo("DOORSTEP_DEVICES_ID_CARD_READER_PORT");
    assertThat(ConfigLoader.envName(List.of("services", 0, "enabled"))).isEqualTo("DOORSTEP_SERVICES_0_ENABLED");
    assertThat(ConfigLoader.envName(List.of("device", "dataDir"))).isEqualTo("DOORSTEP_DEVICE_DATA_DIR");
  }

  @Test
  void load_unknownExtension_isViolation(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("kiosk.toml");
    Files.writeString(file, "x = 1");

    assertThat(violations(() -> loader.load(file)))
        .containsExactly("kiosk.toml: unknown config format: the file name must end in .yaml, .yml or .json");
  }

  @Test
  void load_missingFile_isViolationNotIOException(@TempDir Path dir) {
    assertThat(violations(() -> loader.load(dir.resolve("absent.yaml"))))
        .singleElement().asString().startsWith("absent.yaml: no such file");
  }

  @Test
  void load_invalidYaml_isViolationWithLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "device:\n  id: [unclosed\n");

    assertThat(violations(() -> loader.load(file))).singleElement().asString()
        .startsWith("bad.yaml: not valid YAML at line ");
  }

  @Test
  void load_duplicateYamlKey_isViolation() {
    assertThat(violations(() -> loader.load("device:\n  id: a\n  id: b\n", Format.YAML))).singleElement().asString()
        .startsWith("yaml: not valid YAML").contains("Duplicate field 'id'");
  }

  @Test
  void load_invalidJson_isViolation() {
    assertThat(violations(() -> loader.load("{\"device\": ", Format.JSON))).singleElement().asString()
        .startsWith("json: not valid JSON");
  }

  @Test
  void load_documentNotAMapping_isViolation() {
    assertThat(violations(() -> loader.load("- a\n- b\n", Format.YAML))).singleElement().asString()
        .startsWith("$: the document must be a mapping");
  }
}
