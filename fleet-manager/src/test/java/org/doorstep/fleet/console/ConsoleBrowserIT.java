package org.doorstep.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.agent.model.IdCard;
import org.doorstep.config.crypto.SignatureAlgorithm;
import org.doorstep.config.profile.FleetLink;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.config.FleetConfig;
import org.doorstep.fleet.testing.Axe;
import org.doorstep.fleet.testing.Browser;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operations console in a real headless Chromium (Debian's, {@code -Pbrowser}) over the fleet's real
 * HTTPS, with real kiosk agents (in this JVM, over the fleet's embedded MQTT broker) that certify
 * residents: sign-in, the overview with its ECharts chart, the device list with peripheral health, a
 * kiosk that stops going offline on the open page (the live feed), the device page with a command sent
 * and answered, records with masked ID numbers and names, a regional operator who sees only its region,
 * and the English switch (remembered). Every page is checked with axe-core (no serious or critical
 * violation) at 1366x768; screenshots in {@code target/browser-screenshots/console-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Two kiosks in Guangzhou's Yuexiu district, one in Shenzhen's Futian district. */
  private static final List<String[]> KIOSKS = List.of(
      new String[] {"kiosk-gz-1", "440104"}, new String[] {"kiosk-gz-2", "440104"},
      new String[] {"kiosk-sz-1", "440304"});
  private static final List<IdCard> RESIDENTS = List.of(SampleResidents.ZHANG_SAN, SampleResidents.LI_SI,
      SampleResidents.WANG_WU);

  @TempDir
  static Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private Browser browser;
  private String url;
  private final List<AgentVerticle> agents = new ArrayList<>();
  private String admin;
  private String guangzhou;

  @BeforeAll
  void setUp() throws IOException {
    Browser.requireInstalled();
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    url = "https://localhost:" + fleet.httpPort() + "/";
    admin = await(fleet.operators().create("ops-admin", "ADMIN", "86")).token();
    guangzhou = await(fleet.operators().create("ops-guangzhou", "FLEET_OPERATOR", "4401")).token();
    for (String[] k : KIOSKS) {
      agents.add(kiosk(k[0], k[1]));
    }
    int resident = 0;
    for (AgentVerticle a : agents) {
      await(a.certify(RESIDENTS.get(resident++ % RESIDENTS.size())), START);
    }
    await().atMost(WAIT).until(() -> await(fleet.records().findRecords(
        org.doorstep.fleet.store.RecordQuery.all())).items().size() == agents.size());
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
    AgentVerticle agent = new AgentVerticle(TestAgents.config(id, data,
        "tcp://127.0.0.1:" + fleet.brokerPort(), Duration.ofSeconds(2), 50), TestAgents.fastOptions());
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

  @BeforeEach
  void freshTab() {
    browser.driver().get(url);
    browser.driver().executeScript("sessionStorage.clear(); localStorage.clear();");
    browser.driver().navigate().refresh();
  }

  private WebElement visible(By by) {
    return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private void text(By by, String expected) {
    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, expected));
  }

  /** Signs in with an operator token: the sign-in's other way, behind its link (ConsoleAlarmsBrowserIT uses passwords). */
  private void signIn(String token) {
    visible(By.id("signin-switch")).click();
    visible(By.id("token")).sendKeys(token);
    browser.driver().findElement(By.cssSelector("#login-token button[type=submit]")).click();
    visible(By.id("nav"));
  }

  private void page(String name) {
    browser.driver().findElement(By.cssSelector("#nav a[data-route=" + name + "]")).click();
  }

  private void look(String screenshot) {
    browser.screenshot("console-" + screenshot);
    Axe.assertNoSeriousViolations(browser, screenshot);
  }

  private String source() {
    return browser.driver().getPageSource();
  }

  /** Nothing personal in the page but masked: no resident's full ID number or name. */
  private void nothingUnmasked() {
    String page = source();
    for (IdCard r : RESIDENTS) {
      assertThat(page).doesNotContain(r.idNumber().unmasked(), r.name().unmasked());
    }
  }

  @Test
  @Order(1)
  void wrong_token_brings_the_sign_in_back_with_the_reason_in_chinese_first() {
    visible(By.id("name"));
    assertThat(browser.driver().getTitle()).isEqualTo("Doorstep 运维控制台");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
    assertThat(browser.driver().findElement(By.cssSelector("#signin h1")).getText()).isEqualTo("登录");
    look("sign-in");
    browser.driver().findElement(By.id("signin-switch")).click();
    WebElement field = visible(By.id("token"));
    field.sendKeys("not-a-token");
    browser.driver().findElement(By.cssSelector("#login-token button[type=submit]")).click();
    text(By.id("why"), "UNKNOWN_TOKEN");
    visible(By.id("token"));
    assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
    assertThat(browser.driver().findElement(By.id("who")).getText()).isEmpty();
  }

  @Test
  @Order(2)
  void operator_sees_the_kiosks_and_records_per_hour_on_the_overview() {
    signIn(admin);
    text(By.id("who"), "ops-admin（ADMIN，辖区 86）");
    text(By.id("stat-online"), "3");
    assertThat(browser.driver().findElement(By.id("stat-total")).getText()).startsWith("3").contains("设备总数");
    assertThat(browser.driver().findElement(By.id("stat-offline")).getText()).startsWith("0");
    List<String> regions = browser.driver().findElements(By.cssSelector("#regions tbody tr")).stream()
        .map(WebElement::getText).toList();
    assertThat(regions).containsExactly("440104 2 0 0 2", "440304 1 0 0 1");
    text(By.id("records-total"), "共 3 条");
    // ECharts drew the chart (SVG renderer): one bar per hour, with its accessible description.
    assertThat(browser.driver().findElements(By.cssSelector("#chart-records svg path")).size()).isGreaterThan(24);
    assertThat(browser.driver().findElement(By.id("live")).getText()).isEqualTo("● 实时更新");
    look("overview");
    assertThat(source()).doesNotContain(admin);
  }

  @Test
  @Order(3)
  void device_list_shows_peripheral_health_and_a_stopped_kiosk_goes_offline_live() {
    signIn(admin);
    page("devices");
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-2'][data-state=online]"));
    assertThat(browser.driver().findElements(By.cssSelector("#devices tbody tr"))).hasSize(3);
    String row = browser.driver().findElement(By.cssSelector("#devices tr[data-device='kiosk-gz-1']")).getText();
    assertThat(row).contains("440104", "在线", "身份证读卡器 正常", "凭条打印机 正常", "GPIO 外设 未配置");
    text(By.id("devices-range"), "第 1–3 条，共 3 条");
    assertThat(browser.driver().findElement(By.id("devices-next")).isEnabled()).as("one page only").isFalse();
    look("devices");
    text(By.id("live"), "实时更新");

    // The page stays open: the kiosk's offline state reaches it over the live feed, without a reload.
    AgentVerticle stopped = agents.get(1);
    await(vertx.undeploy(stopped.deploymentID()), START);
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-2'][data-state=offline]"));
    assertThat(browser.driver().findElement(By.cssSelector("#devices tr[data-device='kiosk-gz-2']")).getText())
        .contains("离线");
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("filter-state"))).selectByValue("offline");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#devices tbody tr")).size() == 1);
    text(By.id("devices-range"), "第 1–1 条，共 1 条");
    look("devices-one-offline");

    // The search runs in the fleet (GET /api/devices?q=), ASCII case ignored, with the state filter reset.
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("filter-state"))).selectByValue("");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#devices tbody tr")).size() == 3);
    browser.driver().findElement(By.id("filter-q")).sendKeys("GZ-1");
    browser.driver().findElement(By.id("filter-search")).click();
    browser.waiting().until(d -> d.findElements(By.cssSelector("#devices tbody tr")).size() == 1);
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-1']"));
    look("devices-search");
  }

  @Test
  @Order(4)
  void device_page_shows_health_masked_records_and_sends_a_command_that_is_answered() {
    signIn(admin);
    page("devices");
    visible(By.linkText("kiosk-gz-1")).click();
    visible(By.id("peripherals"));
    assertThat(browser.driver().findElement(By.id("device-summary")).getText()).contains("在线", "440104");
    assertThat(browser.driver().findElement(By.id("peripherals")).getText()).contains("身份证读卡器 正常");
    String records = visible(By.id("device-records")).getText();
    assertThat(records).contains(SampleResidents.ZHANG_SAN.idNumber().masked());
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("command-name"))).selectByValue("self-test");
    browser.driver().findElement(By.cssSelector("#command-form button")).click();
    text(By.id("command-sent"), "已发送命令 self-test");
    // The kiosk runs it and its signed result comes back over MQTT: the status leaves SENT.
    WebElement done = visible(By.cssSelector("#commands tbody tr:first-child[data-status=DONE]"));
    assertThat(done.getText()).contains("self-test", "已完成", "self-test passed");
    nothingUnmasked();
    look("device");
  }

  @Test
  @Order(5)
  void records_show_id_numbers_and_names_only_masked() {
    signIn(admin);
    page("records");
    visible(By.cssSelector("#records tbody tr"));
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#records tbody tr"));
    assertThat(rows).hasSize(3);
    for (WebElement r : rows) {
      assertThat(r.getText()).containsPattern("\\d{3}\\*{11}[0-9X]{4}");
    }
    browser.driver().findElement(By.cssSelector("#records tr[data-record] button")).click();
    visible(By.id("record-card"));
    assertThat(browser.driver().findElement(By.id("record-card")).getText()).containsPattern("姓名\\s*\\S\\*+");
    nothingUnmasked();
    look("records");
    // A filter by device.
    visible(By.id("f-device")).sendKeys("kiosk-sz-1");
    browser.driver().findElement(By.cssSelector("#record-filters button")).click();
    browser.waiting().until(d -> d.findElements(By.cssSelector("#records tbody tr")).size() == 1);
    assertThat(browser.driver().findElement(By.cssSelector("#records tbody tr")).getText()).contains("kiosk-sz-1");
  }

  @Test
  @Order(6)
  void regional_operator_sees_only_its_region() {
    signIn(guangzhou);
    text(By.id("who"), "ops-guangzhou（FLEET_OPERATOR，辖区 4401）");
    text(By.id("stat-total"), "2");
    List<String> regions = browser.driver().findElements(By.cssSelector("#regions tbody tr")).stream()
        .map(WebElement::getText).toList();
    assertThat(regions).hasSize(1).first().asString().startsWith("440104");
    text(By.id("records-total"), "共 2 条");
    look("overview-regional");
    page("devices");
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-1']"));
    assertThat(browser.driver().findElements(By.cssSelector("#devices tbody tr"))).hasSize(2);
    assertThat(source()).doesNotContain("kiosk-sz-1");
    page("records");
    visible(By.cssSelector("#records tbody tr"));
    assertThat(browser.driver().findElements(By.cssSelector("#records tbody tr"))).hasSize(2);
    assertThat(source()).doesNotContain("kiosk-sz-1");
    browser.driver().get(url + "#/devices/kiosk-sz-1");
    text(By.id("page"), "没有设备 kiosk-sz-1");
  }

  @Test
  @Order(7)
  void english_switch_is_remembered() {
    signIn(admin);
    visible(By.id("stat-total"));
    browser.driver().findElement(By.id("lang")).click();
    text(By.cssSelector("#nav a[data-route=overview]"), "Overview");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    browser.driver().navigate().refresh();
    text(By.id("stat-total"), "Devices");
    assertThat(browser.driver().getTitle()).isEqualTo("Doorstep operations console");
    assertThat(browser.driver().findElement(By.id("lang")).getText()).isEqualTo("中文");
    text(By.id("records-total"), "3 records");
    look("overview-en");
    page("devices");
    visible(By.cssSelector("#devices tbody tr"));
    text(By.id("devices"), "online");
    text(By.id("devices"), "ID card reader OK");
    look("devices-en");
    browser.driver().findElement(By.id("lang")).click();
    text(By.cssSelector("#nav a[data-route=devices]"), "设备");
  }
}
