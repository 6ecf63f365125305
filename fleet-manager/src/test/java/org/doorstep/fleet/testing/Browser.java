package org.doorstep.fleet.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for page tests ({@code -Pbrowser}, classes named {@code *BrowserIT}): Debian's
 * {@value #CHROMIUM} driven by Selenium through {@value #CHROMEDRIVER}, both paths set explicitly so
 * that Selenium Manager never looks for (or downloads) a browser or driver. Each instance has a fresh
 * profile ({@code --user-data-dir} in a temporary folder) and no network of its own beyond the page
 * (no background networking, component updates, sync or QUIC).
 *
 * <p>Trust: the browser trusts the fleet's TLS CA by its key, {@code --ignore-certificate-errors-spki-list}
 * with the SHA-256 of the CA's SubjectPublicKeyInfo ({@link #spkiPin}): Chromium accepts a server chain
 * only when a certificate in it carries that key (the fleet sends its TLS CA certificate in the chain).
 * Every other certificate error stays an error, and the TLS handshake itself (the signature scheme,
 * where Ed25519 failed) is not affected, so the test proves what a real browser negotiates. Chosen over
 * an NSS database made with {@code certutil} because it needs no further package and no private
 * {@code HOME}; the JDK-side tests check the server certificate's names and dates.
 *
 * <p>Screenshots go to {@link #SCREENSHOTS} (a build artefact). Not thread-safe: one test at a time.
 */
public final class Browser implements AutoCloseable {
  /** Debian's Chromium (package {@code chromium}). */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** Debian's ChromeDriver (package {@code chromium-driver}), of the same version. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Where {@link #screenshot} writes, relative to the module (Failsafe's working directory). */
  public static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
  /** The system property naming the folder with the CJK font for Chromium (the agent build's fonts). */
  public static final String FONTS_PROPERTY = "doorstep.fonts.dir";
  /** Longest wait for a page to show what a test expects. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /**
   * Fails the test, naming the Debian packages to install, when Chromium or its driver is missing
   * (like the interop profile naming missing services). Never skips.
   */
  public static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add(CHROMIUM + " (Debian package 'chromium')");
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      missing.add(CHROMEDRIVER + " (Debian package 'chromium-driver')");
    }
    if (!missing.isEmpty()) {
      fail("-Pbrowser needs " + String.join(" and ", missing)
          + ": install them with 'apt-get install chromium chromium-driver'");
    }
  }

  /**
   * Starts a headless Chromium with a fresh profile in {@code profileDir} that trusts servers whose
   * chain carries {@code tlsCa}'s key.
   *
   * @param tlsCa      the fleet's TLS CA certificate
   * @param profileDir an empty folder for the browser profile (a JUnit {@code @TempDir})
   */
  public static Browser trusting(X509Certificate tlsCa, Path profileDir) {
    Objects.requireNonNull(tlsCa, "tlsCa");
    return start(profileDir, List.of("--ignore-certificate-errors-spki-list=" + spkiPin(tlsCa)));
  }

  /**
   * Starts a headless Chromium with a fresh profile in {@code profileDir} that trusts no server of
   * ours: for pages served over plain HTTP on loopback (the kiosk's local screen).
   */
  public static Browser plain(Path profileDir) {
    return start(profileDir, List.of());
  }

  private static Browser start(Path profileDir, List<String> extra) {
    requireInstalled();
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", "--user-data-dir=" + profileDir.toAbsolutePath())
        .addArguments(extra);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withEnvironment(Map.of("FONTCONFIG_FILE", fontConfig(profileDir).toString()))
        .build();
    try {
      return new Browser(service, new ChromeDriver(service, options));
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  /**
   * A fontconfig file for Chromium: the system's configuration plus the folder of the CJK font the agent build
   * fetched ({@value #FONTS_PROPERTY}, Noto Sans SC), so that Chinese renders on a machine without a CJK system font
   * (a fresh CI machine has none: the pages showed boxes). Fails the test, naming the property, without that font.
   */
  private static Path fontConfig(Path profileDir) {
    String dir = System.getProperty(FONTS_PROPERTY, "");
    Path fonts = Path.of(dir.isBlank() ? "../agent/target/fonts" : dir).toAbsolutePath().normalize();
    try (var files = Files.list(fonts)) {
      if (files.noneMatch(f -> f.getFileName().toString().endsWith(".ttf"))) {
        fail("no .ttf in " + fonts + ": build the agent module first (it fetches Noto Sans SC), or set -D"
            + FONTS_PROPERTY);
      }
      Files.createDirectories(profileDir);
      Path conf = profileDir.resolve("fonts.conf");
      Files.writeString(conf, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
          + "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
          + "  <dir>" + fonts + "</dir>\n"
          + "  <cachedir>" + profileDir.toAbsolutePath().resolve("fontconfig-cache") + "</cachedir>\n"
          + "</fontconfig>\n");
      return conf.toAbsolutePath();
    } catch (IOException e) {
      fail("cannot read the CJK font folder " + fonts + " (" + e.getMessage() + "): build the agent module first, or"
          + " set -D" + FONTS_PROPERTY);
      throw new IllegalStateException(e);
    }
  }

  /** Base64 of the SHA-256 of {@code certificate}'s SubjectPublicKeyInfo: Chromium's SPKI pin format. */
  public static String spkiPin(X509Certificate certificate) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The driver, to open pages and find elements. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Waits up to {@link #WAIT} for what a page should show. */
  public WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT);
  }

  /**
   * Saves what the browser shows as {@code SCREENSHOTS/<name>.png}.
   *
   * @return the file
   */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save screenshot " + name + ": " + e.getMessage(), e);
    }
  }

  /** Quits the browser and stops the driver. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
