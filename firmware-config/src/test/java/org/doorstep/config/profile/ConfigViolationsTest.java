package org.doorstep.config.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.doorstep.config.profile.ConfigLoader.Format;
import org.doorstep.config.profile.DeviceProfile.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of violation, reported with its path; several at once. */
class ConfigViolationsTest {
  private final ConfigLoader loader = ConfigLoader.withoutEnvironment();

  private List<String> violations(String yaml) {
    try {
      loader.load(yaml, Format.YAML);
    } catch (ConfigException e) {
      return e.messages();
    }
    throw new AssertionError("expected violations for:\n" + yaml);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      devices: {printer: {baud: 12345}}                 | devices.printer.baud: must be one of 9600, 19200, 38400, 57600, 115200
      devices: {idCardReader: {baud: 300}}              | devices.idCardReader.baud: must be one of 9600, 19200, 38400, 57600, 115200
      device: {id: 'kiosk 7'}                           | device.id: must match [A-Za-z0-9._-]{1,64}
      device: {region: '1101'}                          | device.region: must be 6 digits (GB/T 2260 region code)
      device: {dataDir: ' '}                            | device.dataDir: must not be blank
      policy: {liveness: {count: 4}}                    | policy.liveness.count: must be between 1 and 3 (the number of challenges), was 4
      policy: {liveness: {count: 0}}                    | policy.liveness.count: must be between 1 and 3 (the number of challenges), was 0
      policy: {liveness: {challenges: []}}              | policy.liveness.challenges: must name at least one challenge
      policy: {liveness: {challenges: [BLINK, SMILE]}}  | policy.liveness.challenges[1]: unknown challenge 'SMILE', must be one of BLINK, TURN_LEFT, TURN_RIGHT, NOD, OPEN_MOUTH
      policy: {liveness: {challenges: [BLINK, BLINK]}}  | policy.liveness.challenges[1]: challenge 'BLINK' is listed twice
      devices: {printer: {paperWidthMm: 72}}            | devices.printer.paperWidthMm: must be 58 or 80
      devices: {idCardReader: {driver: SERIAL, port: ''}} | devices.idCardReader.port: required when driver is SERIAL
      devices: {printer: {driver: OPENCV}}              | devices.printer.driver: must be one of NONE, SIMULATED, PTY_SIMULATOR, SERIAL, was OPENCV
      devices: {camera: {driver: SERIAL}}               | devices.camera.driver: must be one of NONE, SIMULATED, OPENCV, was SERIAL
      devices: {camera: {fps: 0}}                       | devices.camera.fps: must be between 1 and 60, was 0
      devices: {camera: {index: -1}}                    | devices.camera.index: must be >= 0
      devices: {documentCamera: {driver: OPENCV, width: 9000}} | devices.documentCamera.width: must be between 160 and 8192, was 9000
      devices: {documentCamera: {driver: SIMULATED}}    | devices.documentCamera.driver: must be one of NONE, OPENCV, was SIMULATED
      devices: {socialSecurityCard: {driver: SERIAL}}   | devices.socialSecurityCard.driver: must be one of NONE, SIMULATED, PCSC, was SERIAL
      devices: {formPrinter: {driver: PCSC}}            | devices.formPrinter.driver: must be one of NONE, SIMULATED, IPP, was PCSC
      devices: {formPrinter: {driver: IPP, uri: 'http://printer/ipp'}} | devices.formPrinter.uri: must be an ipp:// or ipps:// printer URI such as ipp://192.168.1.20/ipp/print, was 'http://printer/ipp'
      devices: {gpio: {tamperPin: 40}}                  | devices.gpio.tamperPin: must be between 0 and 27, was 40
      devices: {gpio: {enabled: true, tamperPin: 17}}   | devices.gpio.tamperPin: pin 17 is already used by another line
      services: [certification, pension-calculator]     | services[1].id: unknown service 'pension-calculator', must be one of certification, registration, information-change, proof-print
      services: [certification, certification]          | services[1].id: service 'certification' is listed twice
      policy: {sessionTimeout: PT0S}                    | policy.sessionTimeout: must be a positive duration, was PT0S
      policy: {ackTimeout: PT-5S}                       | policy.ackTimeout: must be a positive duration, was PT-5S
      policy: {liveness: {perChallenge: PT0S}}          | policy.liveness.perChallenge: must be a positive duration, was PT0S
      policy: {liveness: {thresholdMilli: 1001}}        | policy.liveness.thresholdMilli: must be between 0 and 1000, was 1001
      policy: {matchThresholdMilli: -1}                 | policy.matchThresholdMilli: must be between 0 and 1000, was -1
      policy: {uploadBatchSize: 0}                      | policy.uploadBatchSize: must be between 1 and 1000, was 0
      policy: {matchRetries: 11}                        | policy.matchRetries: must be between 0 and 10, was 11
      policy: {mismatch: {staffWait: PT0S}}             | policy.mismatch.staffWait: must be a positive duration, was PT0S
      policy: {mismatch: {referencePhotoRetention: P0D}} | policy.mismatch.referencePhotoRetention: must be a positive duration, was PT0S
      uplink: {signatureAlgorithm: RSA}                 | uplink.signatureAlgorithm: unknown signature algorithm 'RSA', must be Ed25519 or SM2-SM3
      uplink: {signatureAlgorithm: SM2-SM3}             | uplink.signatureAlgorithm: 'SM2-SM3' contradicts security.suite STANDARD: security.suite is now the single switch for signatures, certificates and encryption at rest; set security.suite: SM and remove uplink.signatureAlgorithm
      {security: {suite: SM}, uplink: {signatureAlgorithm: Ed25519}} | uplink.signatureAlgorithm: 'Ed25519' contradicts security.suite SM: security.suite is now the single switch for signatures, certificates and encryption at rest; set security.suite: STANDARD and remove uplink.signatureAlgorithm
      security: {suite: GOST}                           | security.suite: must be one of STANDARD, SM, was 'GOST'
      {'': 1}                                           | "": unknown key (expected one of device, devices, services, policy, uplink, local, fleet, security)
      uplink: {brokerUrl: 'http://h:1883'}              | uplink.brokerUrl: scheme must be tcp or ssl, was 'http://h:1883'
      uplink: {brokerUrl: 'tcp://h'}                    | uplink.brokerUrl: must be tcp://host:port or ssl://host:port, was 'tcp://h'
      uplink: {brokerUrl: 'not a url'}                  | uplink.brokerUrl: must be tcp://host:port or ssl://host:port, was 'not a url'
      uplink: {brokerUrl: 'tcp://fleet.example:1883'}   | uplink.brokerUrl: plaintext tcp:// is only allowed to a loopback broker (development); use ssl://fleet.example:<port> or set uplink.allowPlaintext: true, was 'tcp://fleet.example:1883'
      devices: {camera: {driver: PTY_SIMULATOR}}        | devices.camera.driver: must be one of NONE, SIMULATED, OPENCV, was PTY_SIMULATOR
      devices: {printer: {verificationUrl: 'ftp://x/'}} | devices.printer.verificationUrl: must be empty or an http(s) URL prefix such as https://verify.example.gov.cn/r/, was 'ftp://x/'
      devices: {gpio: {relays: {printer: 99}}}          | devices.gpio.relays.printer: must be -1 (no relay) or between 0 and 27, was 99
      devices: {gpio: {enabled: true, relays: {printer: 17}}} | devices.gpio.relays.printer: pin 17 is already used by another line
      local: {httpPort: 70000}                          | local.httpPort: must be between 0 and 65535, or -1 (off), was 70000
      local: {httpPort: -2}                             | local.httpPort: must be between 0 and 65535, or -1 (off), was -2
      local: {httpBind: ' '}                            | local.httpBind: must not be blank
      local: {opcUa: {port: 65536}}                     | local.opcUa.port: must be between 0 and 65535, was 65536
      """)
  void load_ruleBroken_reportsPathAndMessage(String yaml, String expected) {
    assertThat(violations(yaml)).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      devices: {printer: {baud: abc}}                   | devices.printer.baud: must be an integer, was 'abc'
      devices: {printer: {baud: 9600.5}}                | devices.printer.baud: must be an integer, was 9600.5
      devices: {printer: {baud: 99999999999}}           | devices.printer.baud: must be an integer, was 99999999999
      devices: {gpio: {enabled: maybe}}                 | devices.gpio.enabled: must be true or false, was 'maybe'
      devices: {printer: {driver: thermal}}             | devices.printer.driver: must be one of NONE, SIMULATED, PTY_SIMULATOR, SERIAL, OPENCV, PI4J, PCSC, IPP, was 'thermal'
      device: {kind: atm}                               | device.kind: must be one of KIOSK, BANK_TERMINAL, was 'atm'
      policy: {retention: 30 days}                      | policy.retention: must be an ISO-8601 duration such as PT30S or P30D, was '30 days'
      policy: {retention: 30}                           | policy.retention: must be an ISO-8601 duration such as PT30S or P30D, was 30
      policy: {liveness: {challenges: BLINK}}           | policy.liveness.challenges: must be a list, was 'BLINK'
      devices: {printer: 80mm}                          | devices.printer: must be a mapping of driver, port, baud, paperWidthMm, verificationUrl, was '80mm'
      device: {id: [a, b]}                              | device.id: must be a string, was a list
      services: [certification, 7]                      | services[1]: must be a mapping of id, enabled, was 7
      """)
  void load_wrongType_reportsPathNeverStackTrace(String yaml, String expected) {
    assertThat(violations(yaml)).containsExactly(expected);
  }

  @Test
  void load_unknownKeys_reportedWithTheirPaths() {
    assertThat(violations("""
        devices:
          printer:
            baudrate: 9600
        polcy: {}
        device: {Id: x}
        """)).containsExactly(
        "device.Id: unknown key (did you mean 'id'?)",
        "devices.printer.baudrate: unknown key (expected one of driver, port, baud, paperWidthMm, verificationUrl)",
        "polcy: unknown key (expected one of device, devices, services, policy, uplink, local, fleet, security)");
  }

  @Test
  void load_unknownKeyInServiceEntry_reportedWithIndex() {
    assertThat(violations("services: [{id: certification, enable: true}]"))
        .containsExactly("services[0].enable: unknown key (expected one of id, enabled)");
  }

  @Test
  void load_severalViolations_allReportedTogether_keyAndTypeErrorsFirst() {
    List<String> v = violations("""
        device: {id: 'bad id', region: '12'}
        devices:
          printer: {baud: abc, paperWidthMm: 60}
          idCardReader: {driver: SERIAL, port: ''}
        services: [certification, teleport]
        policy:
          liveness: {challenges: [BLINK], count: 2}
          heartbeatInterval: PT0S
        uplink: {brokerUrl: 'mqtt://x:1', signatureAlgorithm: DSA, extra: 1}
        """);

    assertThat(v).containsExactly(
        "devices.printer.baud: must be an integer, was 'abc'",
        "uplink.extra: unknown key (expected one of brokerUrl, signatureAlgorithm, enrolment, allowPlaintext)",
        "device.id: must match [A-Za-z0-9._-]{1,64}",
        "device.region: must be 6 digits (GB/T 2260 region code)",
        "devices.idCardReader.port: required when driver is SERIAL",
        "devices.printer.paperWidthMm: must be 58 or 80",
        "services[1].id: unknown service 'teleport', must be one of certification, registration, information-change, proof-print",
        "policy.liveness.count: must be between 1 and 1 (the number of challenges), was 2",
        "policy.heartbeatInterval: must be a positive duration, was PT0S",
        "uplink.brokerUrl: scheme must be tcp or ssl, was 'mqtt://x:1'",
        "uplink.signatureAlgorithm: unknown signature algorithm 'DSA', must be Ed25519 or SM2-SM3");
  }

  @Test
  void configException_message_listsEveryViolationOnItsOwnLine() {
    try {
      loader.load("device: {id: 'a b', region: x}", Format.YAML);
      throw new AssertionError("expected violations");
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isEqualTo("2 violations:\n  device.id: must match [A-Za-z0-9._-]{1,64}\n"
          + "  device.region: must be 6 digits (GB/T 2260 region code)");
      assertThat(e.getStackTrace()).isEmpty();
      assertThat(e.violations()).extracting(ConfigViolation::path).containsExactly("device.id", "device.region");
    }
  }

  @Test
  void validate_configBuiltInCode_reportsNullsAsRequired() {
    DoorstepConfig c = new DoorstepConfig(
        new DeviceIdentity("k", null, null, "d"),
        new DeviceProfile(new DeviceProfile.SerialDevice(Driver.SIMULATED, null, 115200), null, null, null),
        List.of(new ServiceEntry("certification", null)),
        new Policy(new Policy.Liveness(List.of("BLINK"), 1, Duration.ofSeconds(5), 700), 600, 1,
            Duration.ofMinutes(2), Duration.ofDays(1), 10, Duration.ofSeconds(5), null),
        null);

    assertThat(ConfigValidator.messages(c)).containsExactly(
        "device.region: is required",
        "device.kind: is required",
        "devices.printer: is required",
        "devices.camera: is required",
        "devices.gpio: is required",
        "services[0].enabled: is required",
        "policy.heartbeatInterval: is required",
        "uplink: is required");
  }

  @Test
  void validate_defaults_hasNoViolations() {
    assertThat(ConfigValidator.validate(loader.loadDefaults())).isEmpty();
  }
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      uplink: {brokerUrl: 'tcp://127.0.0.1:1884'}
      uplink: {brokerUrl: 'tcp://localhost:1884'}
      uplink: {brokerUrl: 'tcp://[::1]:1884'}
      uplink: {brokerUrl: 'ssl://fleet.example:8883'}
      uplink: {brokerUrl: 'tcp://fleet.example:1883', allowPlaintext: true}
      """)
  void load_plaintextToLoopbackOrAllowed_isAccepted(String yaml) {
    assertThat(ConfigValidator.validate(loader.load(yaml, Format.YAML))).isEmpty();
  }
}
