package org.doorstep.agent.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.EmbeddedBroker;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.testing.TestFleet;
import org.doorstep.agent.testing.browser.Axe;
import org.doorstep.agent.testing.browser.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The resident's screen in Debian's headless Chromium at the kiosk's 1080x1920 ({@code -Pbrowser}), served by a
 * real agent ({@code local.screen.kind: BROWSER}) with the simulated reader, face check (paced: it takes time and
 * sends guidance like the vision pipeline) and printer, over a real MQTT broker to a fleet that acks: a whole
 * self-certification with consent pressed on the page, the guidance with its countdown and the result page; the
 * English switch and a refusal (the next resident is back in Chinese); one run by keyboard alone, with a reload on
 * the consent page; the idle timeout. axe-core (with the 7:1 contrast rule) checks every page: no serious or critical
 * violation. Screenshots: {@code agent/target/browser-screenshots/screen-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScreenCertificationBrowserIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration IDLE = Duration.ofSeconds(12);
  private static final List<String> CHALLENGES_ZH = List.of(Guidance.BLINK.zh(), Guidance.TURN_LEFT.zh(),
      Guidance.NOD.zh(), Guidance.TRY_AGAIN.zh(), Guidance.LOOK_AT_CAMERA.zh(), Guidance.GOOD.zh(), Guidance.DONE.zh());

  @TempDir
  static Path dir;

  private Vertx vertx;
  private EmbeddedBroker broker;
  private TestFleet fleet;
  private AgentVerticle agent;
  private Browser browser;
  private String url;
  private final BlockingQueue<SessionSummary> sessions = new LinkedBlockingQueue<>();

  @BeforeAll
  void setUp() throws Exception {
    Browser.requireInstalled();
    vertx = Vertx.vertx();
    broker = EmbeddedBroker.start(dir.resolve("broker"), 10);
    fleet = new TestFleet(broker.url(), TestFleet.Mode.ACK);
    agent = new AgentVerticle(TestAgents.withBrowserScreen(
        TestAgents.config("kiosk-screen", dir.resolve("data"), broker.url(), Duration.ofSeconds(2), 50), IDLE),
        TestAgents.fastOptions(), sessions::add);
    vertx.deployVerticle(agent).await(START.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    agent.simulators().face().paced(vertx, Duration.ofMillis(900));
    url = agent.screenUrl().orElseThrow();
    browser = Browser.start(dir.resolve("chromium"), 1080, 1920);
  }

  @AfterAll
  void tearDown() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void open() {
    browser.driver().get(url);
    page("START");
  }

  // ---- helpers ----

  private void page(String name) {
    browser.waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-page", name));
  }

  private WebElement visible(String id) {
    return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
  }

  private String text(String id) {
    return browser.driver().findElement(By.id(id)).getText();
  }

  private void look(String name) {
    browser.screenshot("screen-" + name);
    Axe.assertNoSeriousViolations(browser, name);
  }

  private WebElement consentButtons() {
    page("CONSENT");
    return browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("agree")));
  }

  private void nothingUnmasked(IdCard card) {
    assertThat(browser.driver().getPageSource()).doesNotContain(card.idNumber().unmasked(), card.name().unmasked());
  }

  /** The resident places {@code card} on the reader (it stays there until {@link #takeCard()}). */
  private void placeCard(IdCard card) {
    sessions.clear();
    agent.kioskDevices().present(card);
  }

  private void takeCard() {
    agent.kioskDevices().takeAway();
  }

  private SessionSummary ended() throws InterruptedException {
    SessionSummary s = sessions.poll(30, TimeUnit.SECONDS);
    assertThat(s).as("a session ended").isNotNull();
    return s;
  }

  private long records() {
    return fleet.received().size();
  }

  // ---- the pages ----

  @Test
  @Order(1)
  void a_resident_certifies_by_touch_with_the_countdown_and_the_result_page() throws Exception {
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
    assertThat(browser.driver().getTitle()).isEqualTo("社保待遇资格认证");
    assertThat(text("heading")).isEqualTo("请放身份证");
    assertThat(text("step")).isEqualTo("第 1 步，共 4 步");
    assertThat(text("message")).isEqualTo(ResidentMessage.PLACE_CARD.zh());
    assertThat(browser.driver().findElement(By.id("subject")).isDisplayed()).isFalse();
    // The page's font is the agent's Noto Sans SC, loaded from /fonts/screen.ttf: no system CJK font needed.
    await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(browser.driver().executeScript(
        "return document.fonts.check('36px \"Doorstep Screen\"', '认证') && document.fonts.status === 'loaded'")));
    look("1-start");

    IdCard card = SampleResidents.ZHANG_SAN;
    long before = records();
    placeCard(card);
    WebElement agree = consentButtons();
    assertThat(text("step")).isEqualTo("第 2 步，共 4 步");
    assertThat(text("heading")).isEqualTo("同意人脸识别吗？");
    assertThat(text("name")).isEqualTo("张*");
    assertThat(text("id-number")).isEqualTo(card.idNumber().masked());
    assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("agree");
    assertThat(agree.getSize().getHeight()).isGreaterThanOrEqualTo(112);
    assertThat(browser.driver().findElement(By.id("decline")).getSize().getHeight()).isGreaterThanOrEqualTo(112);
    assertThat(browser.driver().findElement(By.id("lang")).getSize().getHeight()).isGreaterThanOrEqualTo(112);
    nothingUnmasked(card);
    look("2-consent");

    agree.click();
    page("FACE");
    assertThat(text("step")).isEqualTo("第 3 步，共 4 步");
    WebElement countdown = visible("countdown-text");
    browser.waiting().until(d -> countdown.getText().matches("还剩 \\d+ 秒"));
    assertThat(CHALLENGES_ZH).contains(text("guidance"));
    int first = Integer.parseInt(countdown.getText().replaceAll("\\D", ""));
    assertThat(first).isBetween(1, 10);
    look("3-face-countdown");

    page("CERTIFIED");
    assertThat(text("heading")).isEqualTo("认证成功");
    assertThat(text("step")).isEqualTo("第 4 步，共 4 步");
    assertThat(text("message")).isEqualTo(ResidentMessage.CERTIFIED_TAKE_RECEIPT.zh());
    assertThat(browser.driver().findElements(By.cssSelector("#next-list li")).get(0).getText())
        .isEqualTo("请取走凭条和身份证");
    assertThat(text("name")).isEqualTo("张*");
    nothingUnmasked(card);
    look("4-certified");

    SessionSummary s = ended();
    assertThat(s.state()).isEqualTo(State.DONE);
    assertThat(s.message()).isEqualTo(ResidentMessage.CERTIFIED_TAKE_RECEIPT);
    assertThat(agent.simulators().printer().printed()).hasSize(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> records() == before + 1);
    // The resident takes the card: the start page, without them.
    takeCard();
    page("START");
    assertThat(browser.driver().findElement(By.id("subject")).isDisplayed()).isFalse();
    assertThat(text("name")).isEmpty();
  }

  @Test
  @Order(2)
  void english_at_one_press_a_refusal_and_the_next_resident_in_chinese() throws Exception {
    browser.driver().findElement(By.id("lang")).click();
    browser.waiting().until(d -> text("heading").equals("Place your ID card"));
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    assertThat(text("step")).isEqualTo("Step 1 of 4");
    assertThat(text("lang")).isEqualTo("中文");
    look("5-start-english");

    placeCard(SampleResidents.LI_SI);
    consentButtons();
    assertThat(text("heading")).isEqualTo("Do you agree to a face check?");
    assertThat(text("step")).isEqualTo("Step 2 of 4");
    assertThat(text("decline")).isEqualTo("No");
    look("6-consent-english");
    browser.driver().findElement(By.id("decline")).click();

    page("NOT_CERTIFIED");
    assertThat(text("heading")).isEqualTo("Cancelled");
    assertThat(text("message")).isEqualTo("You cancelled, take your card.");
    look("7-refused-english");
    SessionSummary s = ended();
    assertThat(s.state()).isEqualTo(State.CANCELLED);
    assertThat(s.message()).isEqualTo(ResidentMessage.CONSENT_REFUSED);
    assertThat(s.recordId()).isEmpty();

    takeCard();
    page("START");
    browser.waiting().until(d -> text("heading").equals("请放身份证"));
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
  }

  @Test
  @Order(3)
  void keyboard_only_with_a_reload_on_the_consent_page() throws Exception {
    long before = records();
    placeCard(SampleResidents.WANG_WU);
    consentButtons();
    // A reload (the browser restarted by systemd looks the same): the question is still open.
    browser.driver().navigate().refresh();
    WebElement agree = consentButtons();
    browser.waiting().until(d -> "agree".equals(d.switchTo().activeElement().getAttribute("id")));
    Actions keys = new Actions(browser.driver());
    keys.sendKeys(Keys.TAB).perform();
    assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("decline");
    keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("agree");
    look("8-consent-keyboard-focus");
    keys.sendKeys(Keys.ENTER).perform();
    page("FACE");
    page("CERTIFIED");
    assertThat(ended().state()).isEqualTo(State.DONE);
    await().atMost(Duration.ofSeconds(20)).until(() -> records() == before + 1);
    takeCard();
    page("START");
  }

  @Test
  @Order(4)
  void nobody_at_the_consent_page_for_the_idle_timeout_returns_to_the_start_and_wipes_the_page() throws Exception {
    IdCard card = SampleResidents.ZHAO_XIUYING;
    placeCard(card);
    consentButtons();
    assertThat(text("name")).isEqualTo(card.name().masked());
    // Untouched for the idle timeout (12 s here): the question is answered "no", the page shows the start.
    browser.waiting().withTimeout(IDLE.plusSeconds(15))
        .until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-page", "START"));
    assertThat(browser.driver().findElement(By.id("subject")).isDisplayed()).isFalse();
    assertThat(browser.driver().getPageSource()).doesNotContain(card.name().masked(), card.idNumber().masked());
    look("9-start-after-idle-timeout");
    SessionSummary s = ended();
    assertThat(s.state()).isEqualTo(State.CANCELLED);
    assertThat(s.message()).isEqualTo(ResidentMessage.CONSENT_REFUSED);
    // The card left behind is taken later: still the start page, and the next resident is served.
    takeCard();
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.session().await().state() == State.WAITING_FOR_CARD);
    page("START");
  }
}
