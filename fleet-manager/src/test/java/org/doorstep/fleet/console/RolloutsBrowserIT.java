package org.doorstep.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.contract.WireCodec;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.FleetLink;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.rollout.RolloutPlan;
import org.doorstep.fleet.testing.Axe;
import org.doorstep.fleet.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's rollouts page ({@code pages/rollouts.js}) in headless Chromium ({@code -Pbrowser}) over the fleet's
 * real HTTPS, with two real kiosk agents: a config manager creates a two-group rollout (a canary, then the other
 * kiosk) that needs approval and cannot approve it itself; a second operator with the approver permission approves
 * it; both groups go out one after the other and the rollout finishes, watched on the open page; then the creator
 * rolls it back in one action. Every step is checked with axe-core and photographed
 * ({@code target/browser-screenshots/rollouts-*.png}), in Chinese and once in English.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutsBrowserIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir
  static Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private Browser browser;
  private String url;
  private final List<AgentVerticle> agents = new ArrayList<>();
  private String creator;
  private String approver;

  @BeforeAll
  void setUp() throws IOException {
    Browser.requireInstalled();
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0).withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    url = "https://localhost:" + fleet.httpPort() + "/";
    creator = await(fleet.operators().create("ops-config", "FLEET_OPERATOR", "44")).token();
    approver = await(fleet.operators().create("ops-approver", "ROLLOUT_APPROVER", "44")).token();
    agents.add(kiosk("kiosk-gz-1", "440104"));
    agents.add(kiosk("kiosk-gz-2", "440104"));
    ObjectNode doc = WireCodec.mapper().createObjectNode();
    doc.putObject("policy").put("matchRetries", 3);
    await(fleet.rollouts().addVersion(doc, "三次比对重试"), START);
    browser = Browser.trusting(fleet.tlsCa().certificate(), dir.resolve("chromium-profile"));
    browser.driver().manage().window().setSize(new Dimension(1366, 768));
  }

  /** A kiosk that trusts the fleet's config key (what enrolment provisions), registered, online. */
  private AgentVerticle kiosk(String id, String region) throws IOException {
    Path data = dir.resolve(id);
    Files.createDirectories(data);
    Files.copy(fleet.configKeyFile(), data.resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE));
    DeviceKeys.loadOrCreate(data, SignatureAlgorithm.ED25519);
    await(fleet.devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), region), START);
    AgentVerticle agent = new AgentVerticle(TestAgents.config(id, data, "tcp://127.0.0.1:" + fleet.brokerPort(),
        Duration.ofSeconds(2), 50), TestAgents.fastOptions());
    await(vertx.deployVerticle(agent), START);
    await().atMost(WAIT).until(() -> await(fleet.devices().list()).stream()
        .anyMatch(o -> o.device().deviceId().equals(id) && o.online().orElse(false)));
    return agent;
  }

  @AfterAll
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

  private void text(By by, String expected) {
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, expected));
  }

  /** A fresh tab signed in with {@code token}. */
  private void signIn(String token) {
    browser.driver().get(url);
    browser.driver().executeScript("sessionStorage.clear();");
    browser.driver().navigate().refresh();
    // The sign-in page asks for user name and password first; operator tokens are behind its link.
    visible(By.id("signin-switch")).click();
    visible(By.id("token")).sendKeys(token);
    browser.driver().findElement(By.cssSelector("#login-token button[type=submit]")).click();
    visible(By.id("nav"));
  }

  private void look(String screenshot) {
    assertThat(browser.driver().findElement(By.id("page")).getText()).as("no value shown as null").doesNotContain("null");
    browser.screenshot("rollouts-" + screenshot);
    Axe.assertNoSeriousViolations(browser, "rollouts-" + screenshot);
  }

  private void phase(String phase) {
    visible(By.cssSelector("#rollout-phase[data-phase=" + phase + "]"));
  }

  @Test
  void a_two_group_rollout_needs_a_second_operators_approval_and_is_watched_to_the_end_then_rolled_back() {
    browser.driver().get(url);
    browser.driver().executeScript("localStorage.clear();");
    // The config manager creates it: canary kiosk-gz-1, then the rest (kiosk-gz-2), approval needed.
    signIn(creator);
    browser.driver().findElement(By.cssSelector("#nav a[data-route=rollouts]")).click();
    visible(By.id("rollout-form"));
    assertThat(browser.driver().findElement(By.cssSelector("#nav a[data-route=rollouts]")).getText()).isEqualTo("配置发布");
    assertThat(browser.driver().findElement(By.id("r-region")).getAttribute("value")).as("the operator's region").isEqualTo("44");
    assertThat(new Select(browser.driver().findElement(By.id("r-version"))).getFirstSelectedOption().getText())
        .isEqualTo("1 – 三次比对重试");
    assertThat(browser.driver().findElement(By.id("r-approval")).isSelected()).isTrue();
    browser.driver().findElement(By.id("r-canary")).sendKeys("kiosk-gz-1");
    look("create");
    browser.driver().findElement(By.cssSelector("#rollout-form button[type=submit]")).click();

    phase("WAITING_APPROVAL");
    assertThat(browser.driver().findElement(By.id("rollout-summary")).getText()).contains("待审批", "辖区 44",
        "金丝雀 kiosk-gz-1", "等待第二名操作员审批", "ops-config");
    assertThat(browser.driver().findElements(By.cssSelector("#groups tbody tr"))).hasSize(2);
    text(By.id("self-approval"), "须由另一名有审批权限的操作员审批");
    assertThat(browser.driver().findElements(By.id("do-approve"))).as("the creator gets no approve button").isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("#rollout-device-table tr[data-status=WAITING]"))).hasSize(2);
    String rolloutId = browser.driver().getCurrentUrl().replaceAll(".*#/rollouts/", "");
    assertThat(await(fleet.rollouts().view(rolloutId)).rollout().phase()).isEqualTo(RolloutPlan.Phase.WAITING_APPROVAL);
    look("waiting-for-approval");

    // A second operator, with the approver permission, approves it from the list.
    signIn(approver);
    browser.driver().findElement(By.cssSelector("#nav a[data-route=rollouts]")).click();
    WebElement row = visible(By.cssSelector("#rollouts tr[data-rollout='" + rolloutId + "'][data-phase=WAITING_APPROVAL]"));
    assertThat(row.getText()).contains("待审批", "ops-config", "第 1 组 0%", "第 2 组 0%");
    assertThat(browser.driver().findElements(By.id("rollout-form"))).as("an approver creates nothing").isEmpty();
    look("list-approver");
    row.findElement(By.tagName("a")).click();
    visible(By.id("do-approve")).click();
    text(By.id("rollout-said"), "已执行：审批通过");

    // Watched on the open page: the canary group, then the other, then completed.
    phase("COMPLETED");
    assertThat(browser.driver().findElements(By.cssSelector("#groups tr[data-status=FINISHED]"))).hasSize(2);
    assertThat(browser.driver().findElements(By.cssSelector("#rollout-device-table tr[data-status=APPLIED]"))).hasSize(2);
    assertThat(browser.driver().findElement(By.id("rollout-summary")).getText()).contains("已完成", "ops-approver");
    assertThat(browser.driver().findElement(By.id("groups")).getText()).contains("第 1 组（金丝雀）", "第 2 组", "100%");
    look("completed");
    browser.driver().executeScript("document.getElementById('rollout-groups').scrollIntoView()");
    look("completed-groups");
    List<RolloutPlanStore> order = order(rolloutId);
    assertThat(order.get(1).publishedAt()).as("the second group went out after the canary applied")
        .isAfterOrEqualTo(order.get(0).reportedAt());
    for (AgentVerticle a : agents) {
      await().atMost(WAIT).until(() -> await(a.configVersion()) == 1L);
    }

    // English, and the creator rolls it back in one action.
    signIn(creator);
    browser.driver().findElement(By.id("lang")).click();
    text(By.cssSelector("#nav a[data-route=rollouts]"), "Rollouts");
    browser.driver().get(url + "#/rollouts/" + rolloutId);
    phase("COMPLETED");
    text(By.id("rollout-summary"), "completed");
    look("completed-en");
    visible(By.id("do-rollback")).click();
    visible(By.cssSelector("#rollout-summary a"));
    text(By.id("rollout-summary"), "Rolls back");
    assertThat(browser.driver().getCurrentUrl()).doesNotEndWith(rolloutId);
    await().atMost(WAIT).until(() -> await(agents.get(1).configVersion()) == 2L);
    phase("COMPLETED");
    look("rolled-back-en");
    browser.driver().findElement(By.id("lang")).click();
  }

  private record RolloutPlanStore(java.time.Instant publishedAt, java.time.Instant reportedAt) {}

  /** Publication and report times of the rollout's devices, in group order. */
  private List<RolloutPlanStore> order(String rolloutId) {
    return await(fleet.rollouts().view(rolloutId)).devices().stream()
        .map(d -> new RolloutPlanStore(d.publishedAt().orElseThrow(), d.reportedAt().orElseThrow())).toList();
  }
}
