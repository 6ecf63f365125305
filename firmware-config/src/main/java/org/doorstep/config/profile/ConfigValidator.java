package org.doorstep.config.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.crypto.CryptoSuite;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.DeviceProfile.Driver;

/**
 * The rules a {@link DoorstepConfig} must satisfy, checked all at once: {@link #validate} returns
 * <em>every</em> violation with its path ({@code devices.printer.baud: must be one of …}), not just
 * the first. A missing value is a violation too ({@code policy.ackTimeout: is required}), so a config
 * that validates has every field set.
 *
 * <p>{@link ConfigLoader} runs these rules after it has checked keys and types of the document;
 * a config built in code can be checked directly. Stateless and thread-safe.
 */
public final class ConfigValidator {
  /** Serial speeds the GA/T 467 readers and ESC/POS printers support (bit/s). */
  public static final List<Integer> BAUD_RATES = List.of(9600, 19200, 38400, 57600, 115200);
  /** Receipt paper widths (mm). */
  public static final List<Integer> PAPER_WIDTHS_MM = List.of(58, 80);
  /** Liveness challenges an agent can run (GLOSSARY: 眨眼、转头、点头、张嘴). */
  public static final List<String> LIVENESS_CHALLENGES = List.of("BLINK", "TURN_LEFT", "TURN_RIGHT", "NOD", "OPEN_MOUTH");
  /** Service ids of the catalog (ARCHITECTURE "Services at a terminal"). */
  public static final List<String> SERVICE_IDS = List.of("certification", "registration", "information-change", "proof-print");
  /** URI schemes of {@code uplink.brokerUrl}: plain MQTT (test rigs) or MQTT over TLS. */
  public static final List<String> BROKER_SCHEMES = List.of("tcp", "ssl");
  /** Largest GPIO line number (BCM) on a 40-pin header. */
  public static final int MAX_GPIO_PIN = 27;
  /** Largest {@code policy.uploadBatchSize}; more would outgrow any broker's receive maximum. */
  public static final int MAX_UPLOAD_BATCH_SIZE = 1000;
  /** Largest {@code policy.matchRetries}: beyond that a resident should get staff help. */
  public static final int MAX_MATCH_RETRIES = 10;

  private static final Pattern REGION = Pattern.compile("[0-9]{6}");
  /** Enrolment token syntax: base64url, as the fleet issues them (43 characters), with room for other issuers. */
  private static final Pattern ENROLMENT_TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,256}");
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
  private static final List<Driver> SERIAL_DRIVERS =
      List.of(Driver.NONE, Driver.SIMULATED, Driver.PTY_SIMULATOR, Driver.SERIAL);
  /** Largest TCP port. */
  private static final int MAX_PORT = 65535;
  /** Shortest idle timeout of the resident's screen: time to read a page and reach for a button. */
  private static final java.time.Duration MIN_SCREEN_IDLE = java.time.Duration.ofSeconds(10);
  private static final List<Driver> CAMERA_DRIVERS = List.of(Driver.NONE, Driver.SIMULATED, Driver.OPENCV);
  /** The document camera has no in-process simulator: a demo plays an MJPG .avi through OPENCV ({@code file}). */
  private static final List<Driver> DOCUMENT_CAMERA_DRIVERS = List.of(Driver.NONE, Driver.OPENCV);
  private static final List<Driver> SMART_CARD_DRIVERS = List.of(Driver.NONE, Driver.SIMULATED, Driver.PCSC);
  private static final List<Driver> FORM_PRINTER_DRIVERS = List.of(Driver.NONE, Driver.SIMULATED, Driver.IPP);
  /** Largest side of a document camera frame (10 MP UVC document cameras give 3664 × 2748). */
  private static final int MAX_DOCUMENT_CAMERA_SIDE = 8192;

  private ConfigValidator() {}

  /**
   * Every rule {@code config} breaks, in key order (device, devices, services, policy, uplink, local, fleet, security);
   * empty when it is valid. A config built in code may leave {@code local} and the optional keys added
   * after the first release ({@code devices.idCardReader.photoDecoder}, {@code devices.printer.verificationUrl},
   * {@code devices.gpio.relays}, {@code devices.socialSecurityCard}, {@code devices.formPrinter},
   * {@code devices.documentCamera}, {@code policy.mismatch}) null: they then mean "not used".
   *
   * @param config the config to check; {@code null} members are reported as required
   */
  public static List<ConfigViolation> validate(DoorstepConfig config) {
    Collector c = new Collector();
    if (config == null) {
      c.add("$", "config is required");
      return c.list;
    }
    device(c, config.device());
    devices(c, config.devices());
    services(c, config.services());
    policy(c, config.policy());
    uplink(c, config.uplink(), config.security());
    local(c, config.local());
    security(c, config.security());
    return List.copyOf(c.list);
  }

  /** {@link #validate} as {@code path: message} strings. */
  public static List<String> messages(DoorstepConfig config) {
    return validate(config).stream().map(ConfigViolation::toString).toList();
  }

  private static void device(Collector c, DeviceIdentity d) {
    if (c.required("device", d)) {
      if (c.required("device.id", d.id()) && !Topics.isValidDeviceId(d.id())) {
        c.add("device.id", "must match [A-Za-z0-9._-]{1,64}");
      }
      if (c.required("device.region", d.region()) && !REGION.matcher(d.region()).matches()) {
        c.add("device.region", "must be 6 digits (GB/T 2260 region code)");
      }
      c.required("device.kind", d.kind());
      if (c.required("device.dataDir", d.dataDir()) && d.dataDir().isBlank()) {
        c.add("device.dataDir", "must not be blank");
      }
    }
  }

  private static void devices(Collector c, DeviceProfile p) {
    if (!c.required("devices", p)) {
      return;
    }
    DeviceProfile.SerialDevice r = p.idCardReader();
    if (c.required("devices.idCardReader", r)) {
      serial(c, "devices.idCardReader", r.driver(), r.port(), r.baud());
    }
    DeviceProfile.Printer pr = p.printer();
    if (c.required("devices.printer", pr)) {
      serial(c, "devices.printer", pr.driver(), pr.port(), pr.baud());
      if (c.required("devices.printer.paperWidthMm", pr.paperWidthMm())
          && !PAPER_WIDTHS_MM.contains(pr.paperWidthMm())) {
        c.add("devices.printer.paperWidthMm", "must be 58 or 80");
      }
      verificationUrl(c, pr.verificationUrl());
    }
    if (c.required("devices.camera", p.camera())) {
      camera(c, "devices.camera", p.camera(), CAMERA_DRIVERS, 4096);
    }
    if (p.documentCamera() != null) {
      camera(c, "devices.documentCamera", p.documentCamera(), DOCUMENT_CAMERA_DRIVERS, MAX_DOCUMENT_CAMERA_SIDE);
    }
    DeviceProfile.SmartCardReader ss = p.socialSecurityCard();
    if (ss != null) {
      driver(c, "devices.socialSecurityCard.driver", ss.driver(), SMART_CARD_DRIVERS);
      c.required("devices.socialSecurityCard.reader", ss.reader());
    }
    DeviceProfile.FormPrinter fp = p.formPrinter();
    if (fp != null) {
      driver(c, "devices.formPrinter.driver", fp.driver(), FORM_PRINTER_DRIVERS);
      if (c.required("devices.formPrinter.uri", fp.uri()) && fp.driver() == Driver.IPP) {
        ippUri(c, fp.uri());
      }
    }
    DeviceProfile.Gpio g = p.gpio();
    if (c.required("devices.gpio", g)) {
      c.required("devices.gpio.enabled", g.enabled());
      c.required("devices.gpio.provider", g.provider());
      Set<Integer> seen = new HashSet<>();
      String[] names = {"presencePin", "statusLightPin", "tamperPin"};
      Integer[] pins = {g.presencePin(), g.statusLightPin(), g.tamperPin()};
      for (int i = 0; i < pins.length; i++) {
        String path = "devices.gpio." + names[i];
        if (range(c, path, pins[i], 0, MAX_GPIO_PIN) && Boolean.TRUE.equals(g.enabled()) && !seen.add(pins[i])) {
          c.add(path, "pin " + pins[i] + " is already used by another line");
        }
      }
      DeviceProfile.Relays relays = g.relays();
      if (relays != null) {
        String[] relayNames = {"idCardReader", "printer"};
        Integer[] relayPins = {relays.idCardReader(), relays.printer()};
        for (int i = 0; i < relayPins.length; i++) {
          String path = "devices.gpio.relays." + relayNames[i];
          Integer pin = relayPins[i];
          if (!c.required(path, pin) || pin == DeviceProfile.Relays.NO_RELAY) {
            continue;
          }
          if (pin < 0 || pin > MAX_GPIO_PIN) {
            c.add(path, "must be " + DeviceProfile.Relays.NO_RELAY + " (no relay) or between 0 and " + MAX_GPIO_PIN
                + ", was " + pin);
          } else if (Boolean.TRUE.equals(g.enabled()) && !seen.add(pin)) {
            c.add(path, "pin " + pin + " is already used by another line");
          }
        }
      }
    }
  }

  private static void camera(Collector c, String path, DeviceProfile.Camera cam, List<Driver> drivers, int maxSide) {
    driver(c, path + ".driver", cam.driver(), drivers);
    if (c.required(path + ".index", cam.index()) && cam.index() < 0) {
      c.add(path + ".index", "must be >= 0");
    }
    c.required(path + ".file", cam.file());
    range(c, path + ".width", cam.width(), 160, maxSide);
    range(c, path + ".height", cam.height(), 120, maxSide);
    range(c, path + ".fps", cam.fps(), 1, 60);
    c.required(path + ".modelsDir", cam.modelsDir());
  }

  private static void ippUri(Collector c, String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("ipp") || scheme.equals("ipps")) || uri.getHost() == null) {
        c.add("devices.formPrinter.uri", "must be an ipp:// or ipps:// printer URI such as "
            + "ipp://192.168.1.20/ipp/print, was '" + value + "'");
      }
    } catch (URISyntaxException e) {
      c.add("devices.formPrinter.uri", "must be an ipp:// or ipps:// printer URI, was '" + value + "'");
    }
  }

  private static void verificationUrl(Collector c, String url) {
    if (url == null || url.isEmpty()) {
      return;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        c.add("devices.printer.verificationUrl", "must be empty or an http(s) URL prefix such as "
            + "https://verify.example.gov.cn/r/, was '" + url + "'");
      }
    } catch (URISyntaxException e) {
      c.add("devices.printer.verificationUrl", "must be empty or an http(s) URL prefix, was '" + url + "'");
    }
  }

  private static void local(Collector c, LocalServices l) {
    if (l == null) {
      return;     // built in code without the section: no local servers
    }
    if (c.required("local.httpPort", l.httpPort())
        && (l.httpPort() < LocalServices.DISABLED || l.httpPort() > MAX_PORT)) {
      c.add("local.httpPort", "must be between 0 and " + MAX_PORT + ", or -1 (off), was " + l.httpPort());
    }
    if (c.required("local.httpBind", l.httpBind()) && l.httpBind().isBlank()) {
      c.add("local.httpBind", "must not be blank");
    }
    LocalServices.Xfs4Iot x = l.xfs4iot();
    if (x != null) {   // optional: configs written before the XFS4IoT API have no such key
      range(c, "local.xfs4iot.port", x.port(), LocalServices.DISABLED, MAX_PORT);
      c.required("local.xfs4iot.tokenFile", x.tokenFile());
    }
    LocalServices.Screen screen = l.screen();
    if (screen != null) {   // optional: configs written before the browser screen have no such key
      c.required("local.screen.kind", screen.kind());
      range(c, "local.screen.port", screen.port(), 0, MAX_PORT);
      if (c.required("local.screen.idleTimeout", screen.idleTimeout())
          && screen.idleTimeout().compareTo(MIN_SCREEN_IDLE) < 0) {
        c.add("local.screen.idleTimeout", "must be at least " + MIN_SCREEN_IDLE + " (an elderly resident reads"
            + " slowly), was " + screen.idleTimeout());
      }
    }
    LocalServices.OpcUa o = l.opcUa();
    if (c.required("local.opcUa", o)) {
      c.required("local.opcUa.enabled", o.enabled());
      range(c, "local.opcUa.port", o.port(), 0, MAX_PORT);
      if (c.required("local.opcUa.bind", o.bind()) && o.bind().isBlank()) {
        c.add("local.opcUa.bind", "must not be blank");
      }
    }
  }

  private static void serial(Collector c, String path, Driver driver, String port, Integer baud) {
    driver(c, path + ".driver", driver, SERIAL_DRIVERS);
    if (driver == Driver.SERIAL && (port == null || port.isBlank())) {
      c.add(path + ".port", "required when driver is SERIAL");
    }
    if (c.required(path + ".baud", baud) && !BAUD_RATES.contains(baud)) {
      c.add(path + ".baud", "must be one of " + join(BAUD_RATES));
    }
  }

  private static void driver(Collector c, String path, Driver driver, List<Driver> allowed) {
    if (c.required(path, driver) && !allowed.contains(driver)) {
      c.add(path, "must be one of " + join(allowed) + ", was " + driver);
    }
  }

  private static void services(Collector c, List<ServiceEntry> services) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < services.size(); i++) {
      String path = "services[" + i + "]";
      ServiceEntry s = services.get(i);
      if (!c.required(path, s)) {
        continue;
      }
      if (c.required(path + ".id", s.id())) {
        if (!SERVICE_IDS.contains(s.id())) {
          c.add(path + ".id", "unknown service '" + s.id() + "', must be one of " + join(SERVICE_IDS));
        } else if (!seen.add(s.id())) {
          c.add(path + ".id", "service '" + s.id() + "' is listed twice");
        }
      }
      c.required(path + ".enabled", s.enabled());
    }
  }

  private static void policy(Collector c, Policy p) {
    if (!c.required("policy", p)) {
      return;
    }
    Policy.Liveness l = p.liveness();
    if (c.required("policy.liveness", l)) {
      List<String> pool = l.challenges();
      if (pool.isEmpty()) {
        c.add("policy.liveness.challenges", "must name at least one challenge");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < pool.size(); i++) {
        String ch = pool.get(i);
        String path = "policy.liveness.challenges[" + i + "]";
        if (!c.required(path, ch)) {
          continue;
        }
        if (!LIVENESS_CHALLENGES.contains(ch)) {
          c.add(path, "unknown challenge '" + ch + "', must be one of " + join(LIVENESS_CHALLENGES));
        } else if (!seen.add(ch)) {
          c.add(path, "challenge '" + ch + "' is listed twice");
        }
      }
      if (c.required("policy.liveness.count", l.count()) && !pool.isEmpty()
          && (l.count() < 1 || l.count() > pool.size())) {
        c.add("policy.liveness.count", "must be between 1 and " + pool.size()
            + " (the number of challenges), was " + l.count());
      }
      positive(c, "policy.liveness.perChallenge", l.perChallenge());
      range(c, "policy.liveness.thresholdMilli", l.thresholdMilli(), 0, 1000);
      range(c, "policy.liveness.retries", l.retries(), 0, 5);
    }
    range(c, "policy.matchThresholdMilli", p.matchThresholdMilli(), 0, 1000);
    range(c, "policy.matchRetries", p.matchRetries(), 0, MAX_MATCH_RETRIES);
    positive(c, "policy.sessionTimeout", p.sessionTimeout());
    positive(c, "policy.retention", p.retention());
    range(c, "policy.uploadBatchSize", p.uploadBatchSize(), 1, MAX_UPLOAD_BATCH_SIZE);
    positive(c, "policy.ackTimeout", p.ackTimeout());
    positive(c, "policy.heartbeatInterval", p.heartbeatInterval());
    Policy.Mismatch m = p.mismatch();
    if (m != null) {
      c.required("policy.mismatch.lastCertificationPhoto", m.lastCertificationPhoto());
      c.required("policy.mismatch.staffAssisted", m.staffAssisted());
      positive(c, "policy.mismatch.staffWait", m.staffWait());
      positive(c, "policy.mismatch.referencePhotoRetention", m.referencePhotoRetention());
    }
  }

  private static void uplink(Collector c, Uplink u, Security security) {
    if (!c.required("uplink", u)) {
      return;
    }
    if (c.required("uplink.brokerUrl", u.brokerUrl())) {
      brokerUrl(c, u.brokerUrl(), Boolean.TRUE.equals(u.allowPlaintext()));
    }
    // Deprecated since security.suite: empty = follow the suite; a value must agree with it.
    if (c.required("uplink.signatureAlgorithm", u.signatureAlgorithm()) && !u.signatureAlgorithm().isBlank()) {
      SignatureAlgorithm alg;
      try {
        alg = SignatureAlgorithm.fromWireName(u.signatureAlgorithm());
      } catch (IllegalArgumentException e) {
        c.add("uplink.signatureAlgorithm", "unknown signature algorithm '" + u.signatureAlgorithm()
            + "', must be Ed25519 or SM2-SM3");
        return;
      }
      if (security != null && security.suite() != null && security.suite().signatureAlgorithm() != alg) {
        CryptoSuite wanted = CryptoSuite.of(alg);
        c.add("uplink.signatureAlgorithm", "'" + u.signatureAlgorithm() + "' contradicts security.suite "
            + security.suite() + ": security.suite is now the single switch for signatures, certificates and"
            + " encryption at rest; set security.suite: " + wanted + " and remove uplink.signatureAlgorithm");
      }
    }
    if (u.enrolment() != null) {
      enrolment(c, u.enrolment());
    }
  }

  private static void enrolment(Collector c, Uplink.Enrolment e) {
    String url = e.url() == null ? "" : e.url();
    if (!url.isBlank()) {
      try {
        URI uri = new URI(url);
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
          c.add("uplink.enrolment.url", "must be https://host[:port] (the token never crosses plain HTTP), was '" + url + "'");
        }
      } catch (URISyntaxException ex) {
        c.add("uplink.enrolment.url", "must be https://host[:port], was '" + url + "'");
      }
    }
    if (e.token() != null && !e.token().isEmpty() && !ENROLMENT_TOKEN.matcher(e.token()).matches()) {
      // Never echo the token: it is a credential.
      c.add("uplink.enrolment.token", "must be 16-256 of [A-Za-z0-9_-] (the token the operator was given)");
    }
    String fp = e.normalizedFingerprint();
    if (!fp.isEmpty() && !FINGERPRINT.matcher(fp).matches()) {
      c.add("uplink.enrolment.caFingerprint", "must be a SHA-256 fingerprint: 64 hex digits, colons allowed");
    }
    range(c, "uplink.enrolment.renewWhenLeftPercent", e.renewWhenLeftPercent(), 1, 90);
  }

  private static void security(Collector c, Security s) {
    if (s == null) {
      return;     // built in code without the section: the suite follows uplink.signatureAlgorithm
    }
    c.required("security.suite", s.suite());
  }

  private static void brokerUrl(Collector c, String url, boolean allowPlaintext) {
    String expected = "must be tcp://host:port or ssl://host:port";
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !BROKER_SCHEMES.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
        c.add("uplink.brokerUrl", "scheme must be tcp or ssl, was '" + url + "'");
      } else if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
        c.add("uplink.brokerUrl", expected + ", was '" + url + "'");
      } else if (uri.getScheme().equalsIgnoreCase("tcp") && !allowPlaintext && !isLoopback(uri.getHost())) {
        c.add("uplink.brokerUrl", "plaintext tcp:// is only allowed to a loopback broker (development); use ssl://"
            + uri.getHost() + ":<port> or set uplink.allowPlaintext: true, was '" + url + "'");
      }
    } catch (URISyntaxException e) {
      c.add("uplink.brokerUrl", expected + ", was '" + url + "'");
    }
  }

  /** Loopback by its literal form only: no DNS lookup while validating a config. */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }

  private static boolean range(Collector c, String path, Integer value, int min, int max) {
    if (!c.required(path, value)) {
      return false;
    }
    if (value < min || value > max) {
      c.add(path, "must be between " + min + " and " + max + ", was " + value);
      return false;
    }
    return true;
  }

  private static void positive(Collector c, String path, Duration d) {
    if (c.required(path, d) && (d.isNegative() || d.isZero())) {
      c.add(path, "must be a positive duration, was " + d);
    }
  }

  private static String join(List<?> values) {
    return String.join(", ", values.stream().map(String::valueOf).toList());
  }

  /** Accumulates violations. */
  private static final class Collector {
    final List<ConfigViolation> list = new ArrayList<>();

    void add(String path, String message) {
      list.add(new ConfigViolation(path, message));
    }

    /** Reports a missing value; true when the value is present. */
    boolean required(String path, Object value) {
      if (value == null) {
        add(path, "is required");
        return false;
      }
      return true;
    }
  }
}
