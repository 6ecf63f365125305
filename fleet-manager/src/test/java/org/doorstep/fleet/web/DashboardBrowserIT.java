package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.doorstep.config.crypto.Keys;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.testing.Browser;
import org.doorstep.fleet.testing.TestKiosk;
import org.doorstep.fleet.testing.TestOperators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The fleet's dashboard in a real headless Chromium over the fleet's real HTTPS (TLS 1.3, the P-256
 * server certificate; with Ed25519 the browser refused the handshake): it asks for an operator token,
 * signs in with one, and shows who is signed in, the fleet's health and its devices. A wrong token
 * brings the sign-in back with the reason. {@code -Pbrowser} only; screenshots in
 * {@code target/browser-screenshots/}.
 */
class DashboardBrowserIT {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private Browser browser;
  private String url;

  @BeforeEach
  void setUp() {
    Browser.requireInstalled();
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedTlsBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    url = "https://localhost:" + fleet.httpPort() + "/";
    browser = Browser.trusting(fleet.tlsCa().certificate(), dir.resolve("chromium-profile"));
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.close();
    }
    if (vertx != null) {
      await(vertx.close(), START);
    }
  }

  private WebElement visible(By by) {
    return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  @Test
  void operator_signs_in_over_https_and_sees_the_fleet_and_its_devices() {
    assertThat(Keys.algorithmOf(fleet.serverIdentity().certificate().getPublicKey()))
        .isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
    TestKiosk kiosk = TestKiosk.create("kiosk-b1");
    await(fleet.devices().register(kiosk.deviceId(), kiosk.publicKeyPem(), "440103"));
    String token = TestOperators.admin(fleet.operators());

    browser.driver().get(url);
    WebElement tokenField = visible(By.id("token"));
    assertThat(browser.driver().getTitle()).isEqualTo("Doorstep fleet");
    assertThat(browser.driver().getCurrentUrl()).startsWith("https://localhost:");
    browser.screenshot("dashboard-sign-in");

    tokenField.sendKeys(token);
    browser.driver().findElement(By.cssSelector("#login button")).click();

    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("devices"), "kiosk-b1"));
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("health"), "store"));
    browser.screenshot("dashboard-signed-in");

    assertThat(browser.driver().findElement(By.id("who")).getText()).matches("Signed in as admin-\\d+ \\(ADMIN, region 86\\)");
    assertThat(browser.driver().findElement(By.id("health")).getText())
        .startsWith("Broker embedded").contains("store sqlite").contains("received 0").contains("stored 0");
    List<String> cells = browser.driver().findElements(By.cssSelector("#devices tr td")).stream()
        .map(WebElement::getText).toList();
    assertThat(cells).startsWith("kiosk-b1", "440103");
    assertThat(cells.get(2)).startsWith("Ed25519 ");
    // Never connected: the fleet has no state of it yet ("?"), or calls it offline; never online.
    assertThat(cells.get(3)).isIn("?", "offline");
    assertThat(browser.driver().findElement(By.id("login")).isDisplayed()).isFalse();
    assertThat(browser.driver().getPageSource()).doesNotContain(token);
  }

  @Test
  void wrong_token_brings_the_sign_in_back_with_the_reason() {
    browser.driver().get(url);
    visible(By.id("token")).sendKeys("not-a-token");
    browser.driver().findElement(By.cssSelector("#login button")).click();

    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("why"), "UNKNOWN_TOKEN"));
    visible(By.id("token"));
    browser.screenshot("dashboard-wrong-token");
    assertThat(browser.driver().findElement(By.id("why")).getText()).isEqualTo("UNKNOWN_TOKEN");
    assertThat(browser.driver().findElement(By.id("who")).getText()).isEmpty();
  }
}
