package org.doorstep.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.records.DeviceKeys;
import org.doorstep.agent.testing.TestAgents;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Alarms in the operations console, in a real headless Chromium ({@code -Pbrowser}) over the fleet's HTTPS,
 * with real kiosk agents on the embedded broker, each behind a TCP relay of the test: the relay is cut (no
 * MQTT DISCONNECT, as when a kiosk loses power or its line), so the broker publishes the agent's last will.
 * Password sign-in (the default; a wrong password is refused with its reason), the kiosks on the overview and
 * device list, a killed kiosk's OFFLINE alarm on the open alarms page (live, within two heartbeat intervals),
 * its acknowledgement with time and operator, the killed kiosk offline in the device list too, a regional
 * operator who sees only its region's devices and alarms, the English texts. axe-core finds no serious or
 * critical violation on any page; screenshots in {@code target/browser-screenshots/alarms-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAlarmsBrowserIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PASSWORD = "correct horse battery 7";
  /** Two kiosks in Guangzhou's Yuexiu district, one in Shenzhen's Futian district. */
  private static final List<String[]> KIOSKS = List.of(
      new String[] {"kiosk-gz-1", "440104"}, new String[] {"kiosk-gz-2", "440104"},
      new String[] {"kiosk-sz-1", "440304"});

  @TempDir
  static Path dir;

  private Vertx vertx;
  private FleetVerticle fleet;
  private Duration heartbeat;
  private Browser browser;
  private String url;
  private final Map<String, Relay> relays = new ConcurrentHashMap<>();

  @BeforeAll
  void setUp() throws IOException {
    Browser.requireInstalled();
    vertx = Vertx.vertx();
    fleet = new FleetVerticle(FleetConfig.defaults().withHttpPort(0)
        .withEmbeddedBroker(0, dir.resolve("broker"))
        .withSqlite(dir.resolve("fleet.db")));
    await(vertx.deployVerticle(fleet), START);
    heartbeat = fleet.fleetConfig().alarms().thresholds().heartbeatInterval();
    url = "https://localhost:" + fleet.httpPort() + "/";
    operator("ops-admin", "ADMIN", "86");
    operator("ops-guangzhou", "FLEET_OPERATOR", "4401");
    for (String[] k : KIOSKS) {
      kiosk(k[0], k[1]);
    }
    browser = Browser.trusting(fleet.tlsCa().certificate(), dir.resolve("chromium-profile"));
    browser.driver().manage().window().setSize(new Dimension(1366, 900));
  }

  /** An operator with a password (what an admin does with PUT /api/operators/{name}/password). */
  private void operator(String name, String role, String region) {
    await(fleet.operators().create(name, role, region));
    await(fleet.signIn().setPassword(name, PASSWORD));
  }

  /**
   * A TCP relay between one kiosk and the broker. {@link #cut} closes both ends of every connection and
   * refuses new ones: the broker sees the connection lost (no DISCONNECT) and publishes the will.
   */
  private final class Relay {
    private final NetServer server;
    private final NetClient client = vertx.createNetClient();
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    Relay() {
      server = vertx.createNetServer().connectHandler(in -> {
        if (cut) {
          in.close();
          return;
        }
        in.pause();
        client.connect(fleet.brokerPort(), "127.0.0.1").onSuccess(out -> {
          sockets.add(in);
          sockets.add(out);
          in.pipeTo(out);
          out.pipeTo(in);
          in.resume();
        }).onFailure(err -> in.close());
      });
      await(server.listen(0, "127.0.0.1"));
    }

    int port() {
      return server.actualPort();
    }

    void cut() {
      cut = true;
      await(Future.join(sockets.stream().map(NetSocket::close).toList()).recover(e -> Future.succeededFuture()));
    }
  }

  /** A kiosk agent (registered, trusting the fleet's config key) connected through its own relay, online. */
  private void kiosk(String id, String region) throws IOException {
    Path data = dir.resolve(id);
    Files.createDirectories(data);
    Files.copy(fleet.configKeyFile(), data.resolve(FleetLink.DEFAULT_CONFIG_KEY_FILE));
    DeviceKeys.loadOrCreate(data, SignatureAlgorithm.ED25519);
    await(fleet.devices().register(id, Files.readString(DeviceKeys.publicKeyFile(data)), region), START);
    Relay relay = new Relay();
    relays.put(id, relay);
    AgentVerticle agent = new AgentVerticle(TestAgents.config(id, data, "tcp://127.0.0.1:" + relay.port(),
        Duration.ofSeconds(2), 50), TestAgents.fastOptions());
    await(vertx.deployVerticle(agent), START);
    await().atMost(WAIT).until(() -> online(id));
  }

  private boolean online(String id) {
    return await(fleet.devices().list()).stream()
        .anyMatch(o -> o.device().deviceId().equals(id) && o.online().orElse(false));
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

  private void signIn(String name) {
    WebElement field = visible(By.id("name"));
    field.clear();
    field.sendKeys(name);
    browser.driver().findElement(By.id("password")).sendKeys(PASSWORD);
    browser.driver().findElement(By.cssSelector("#login button[type=submit]")).click();
    visible(By.id("nav"));
  }

  private void page(String name) {
    browser.driver().findElement(By.cssSelector("#nav a[data-route=" + name + "]")).click();
  }

  private void look(String screenshot) {
    browser.screenshot("alarms-" + screenshot);
    Axe.assertNoSeriousViolations(browser, screenshot);
  }

  private By alarmRow(String device) {
    return By.cssSelector("#alarms tr[data-type=OFFLINE][data-source='" + device + "']");
  }

  @Test
  @Order(1)
  void sign_in_asks_for_user_name_and_password_first_and_names_a_wrong_one() {
    visible(By.id("name"));
    assertThat(browser.driver().findElement(By.id("password")).getAttribute("type")).isEqualTo("password");
    assertThat(browser.driver().findElement(By.id("token")).isDisplayed()).isFalse();
    assertThat(browser.driver().findElement(By.cssSelector("label[for=name]")).getText()).isEqualTo("用户名");
    look("sign-in");
    browser.driver().findElement(By.id("name")).sendKeys("ops-admin");
    browser.driver().findElement(By.id("password")).sendKeys("not the password");
    browser.driver().findElement(By.cssSelector("#login button[type=submit]")).click();
    text(By.id("why"), "用户名或密码不正确（BAD_CREDENTIALS）");
    assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
    // Tokens are the other way, behind a link.
    browser.driver().findElement(By.id("signin-switch")).click();
    visible(By.id("token"));
    assertThat(browser.driver().findElement(By.id("name")).isDisplayed()).isFalse();
    text(By.id("signin-switch"), "改用用户名和密码登录");
    look("sign-in-token");
  }

  @Test
  @Order(2)
  void killed_kiosk_raises_offline_on_the_open_alarms_page_and_is_acknowledged() {
    signIn("ops-admin");
    text(By.id("who"), "ops-admin（ADMIN，辖区 86）");
    text(By.id("stat-online"), "3");
    text(By.id("alarms-MAJOR"), "0");
    look("overview");
    page("devices");
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-2'][data-state=online]"));
    assertThat(browser.driver().findElements(By.cssSelector("#devices tbody tr"))).hasSize(3);

    page("alarms");
    text(By.id("alarm-count"), "没有符合条件的告警");
    text(By.id("live"), "● 实时更新");
    look("alarms-none");

    Instant killed = Instant.now();
    relays.get("kiosk-gz-2").cut();
    // On the page as it is (no reload): the alarm arrives over the live feed.
    WebElement row = new WebDriverWait(browser.driver(), heartbeat.multipliedBy(2))
        .until(ExpectedConditions.visibilityOfElementLocated(alarmRow("kiosk-gz-2")));
    Duration took = Duration.between(killed, Instant.now());
    assertThat(took).as("OFFLINE on the page within two heartbeat intervals").isLessThan(heartbeat.multipliedBy(2));
    System.out.println("ConsoleAlarmsBrowserIT: kiosk killed -> OFFLINE row on the alarms page in " + took.toMillis() + " ms");
    assertThat(row.getText()).contains("重要", "终端离线", "kiosk-gz-2", "440104", "离线（终端断线遗嘱或正常关机）", "未确认");
    assertThat(browser.driver().findElements(By.cssSelector("#alarms tbody tr"))).hasSize(1);
    look("alarms-offline");

    row.findElement(By.cssSelector("button[data-act=ack]")).click();
    WebElement acked = visible(By.cssSelector("#alarms tr[data-source='kiosk-gz-2'][data-state=ACTIVE_ACK]"));
    assertThat(acked.getText()).contains("已确认", "ops-admin");
    assertThat(acked.findElements(By.cssSelector("button[data-act=ack]"))).isEmpty();
    text(By.id("alarm-done"), "已确认：终端离线（kiosk-gz-2）");
    look("alarms-acknowledged");
    String id = acked.getAttribute("data-alarm");
    assertThat(fleet.alarms().active()).anyMatch(a -> a.id().equals(id) && a.acknowledgedBy().orElse("").equals("ops-admin"));

    // The device list agrees with the alarm: the killed kiosk is offline (its will counted, though older).
    page("devices");
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-2'][data-state=offline]"));
    page("overview");
    text(By.id("alarms-MAJOR"), "1");
    text(By.id("stat-offline"), "1");
  }

  @Test
  @Order(3)
  void regional_operator_sees_only_its_regions_devices_and_alarms() {
    relays.get("kiosk-sz-1").cut();
    await().atMost(heartbeat.multipliedBy(2)).until(() -> fleet.alarms().active().stream()
        .anyMatch(a -> a.source().equals("kiosk-sz-1")));
    signIn("ops-guangzhou");
    text(By.id("who"), "ops-guangzhou（FLEET_OPERATOR，辖区 4401）");
    text(By.id("stat-total"), "2");
    text(By.id("alarms-MAJOR"), "1");
    page("devices");
    visible(By.cssSelector("#devices tr[data-device='kiosk-gz-1']"));
    assertThat(browser.driver().findElements(By.cssSelector("#devices tbody tr"))).hasSize(2);
    page("alarms");
    visible(alarmRow("kiosk-gz-2"));
    assertThat(browser.driver().findElements(By.cssSelector("#alarms tbody tr"))).hasSize(1);
    assertThat(browser.driver().getPageSource()).doesNotContain("kiosk-sz-1");
    look("alarms-regional");
  }

  @Test
  @Order(4)
  void alarms_page_in_english_with_filters() {
    signIn("ops-admin");
    browser.driver().findElement(By.id("lang")).click();
    text(By.cssSelector("#nav a[data-route=alarms]"), "Alarms");
    page("alarms");
    visible(alarmRow("kiosk-sz-1"));
    assertThat(browser.driver().findElements(By.cssSelector("#alarms tbody tr"))).hasSize(2);
    WebElement row = browser.driver().findElement(alarmRow("kiosk-gz-2"));
    assertThat(row.getText()).contains("Major", "Kiosk offline", "offline since", "acknowledged", "ops-admin");
    look("alarms-en");
    // Only the unacknowledged ones: Shenzhen's.
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("alarm-state"))).selectByValue("ACTIVE_UNACK");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#alarms tbody tr")).size() == 1);
    assertThat(browser.driver().findElement(By.cssSelector("#alarms tbody tr")).getAttribute("data-source"))
        .isEqualTo("kiosk-sz-1");
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("alarm-type"))).selectByValue("PAPER_OUT");
    text(By.id("alarm-count"), "No alarm matches");
    browser.driver().findElement(By.id("lang")).click();
    text(By.cssSelector("#nav a[data-route=alarms]"), "告警");
  }

  @Test
  @Order(5)
  void cleared_alarm_leaves_the_list_is_raised_anew_while_the_kiosk_stays_dead_and_sign_out_ends_the_session() {
    signIn("ops-admin");
    page("alarms");
    WebElement row = visible(By.cssSelector("#alarms tr[data-source='kiosk-gz-2'][data-state=ACTIVE_ACK]"));
    String cleared = row.getAttribute("data-alarm");
    row.findElement(By.cssSelector("button[data-act=clear]")).click();
    text(By.id("alarm-done"), "已清除：终端离线（kiosk-gz-2）");
    // Cleared and acknowledged is closed: it leaves the default list ...
    browser.waiting().until(d -> d.findElements(By.cssSelector("#alarms tr[data-alarm='" + cleared + "']")).isEmpty());
    // ... and, the kiosk still being dead, the next tick raises a new OFFLINE alarm, which arrives live.
    WebElement again = new WebDriverWait(browser.driver(), heartbeat.multipliedBy(2))
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
            "#alarms tr[data-source='kiosk-gz-2'][data-state=ACTIVE_UNACK]")));
    assertThat(again.getAttribute("data-alarm")).isNotEqualTo(cleared);
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("alarm-state"))).selectByValue("CLEARED_ACK");
    WebElement closed = visible(By.cssSelector("#alarms tr[data-alarm='" + cleared + "']"));
    assertThat(closed.getText()).contains("已关闭", "ops-admin");
    assertThat(closed.findElements(By.tagName("button"))).isEmpty();
    look("alarms-closed");

    browser.driver().findElement(By.id("signout")).click();
    visible(By.id("name"));
    // The session ended on the fleet (DELETE /api/session with its CSRF token), not only in this tab.
    Object status = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/api/me').then(r => done(r.status), e => done(String(e)));");
    assertThat(status).isEqualTo(401L);
  }
}
