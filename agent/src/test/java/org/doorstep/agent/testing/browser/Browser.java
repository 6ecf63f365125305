package org.doorstep.agent.testing.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the kiosk screen's page tests ({@code -Pbrowser}, classes named {@code *BrowserIT}):
 * Debian's {@value #CHROMIUM} driven by Selenium through {@value #CHROMEDRIVER}, both paths set explicitly so that
 * Selenium Manager never looks for (or downloads) a browser or driver; a fresh profile per instance and no network of
 * its own (no background networking, component updates, sync or QUIC). The screen is plain HTTP on loopback, so
 * unlike the fleet's {@code org.doorstep.fleet.testing.Browser} (the same launch, plus trust of the fleet's TLS CA)
 * this one trusts nothing. The agent cannot use the fleet's test classes (the fleet depends on the agent's), hence
 * this small twin.
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
  /** Longest wait for a page to show what a test expects. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /** Fails the test, naming the Debian packages to install, when Chromium or its driver is missing. Never skips. */
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
   * Starts a headless Chromium with a fresh profile in {@code profileDir} whose page is {@code width}x{@code height}
   * CSS pixels (the kiosk's portrait screen: 1080x1920), the window grown by its frame.
   */
  public static Browser start(Path profileDir, int width, int height) {
    requireInstalled();
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=zh-CN",
            "--window-size=" + width + "," + height, "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      // --window-size counts the window's frame: grow it by what the frame takes, so the page gets width x height.
      long innerWidth = ((Number) driver.executeScript("return window.innerWidth")).longValue();
      long innerHeight = ((Number) driver.executeScript("return window.innerHeight")).longValue();
      driver.manage().window().setSize(new Dimension((int) (2L * width - innerWidth), (int) (2L * height - innerHeight)));
      return new Browser(service, driver);
    } catch (RuntimeException e) {
      service.stop();
      throw e;
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

  /** Saves what the browser shows as {@code SCREENSHOTS/<name>.png}. */
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
