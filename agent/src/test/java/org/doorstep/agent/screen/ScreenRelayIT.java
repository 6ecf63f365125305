package org.doorstep.agent.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.AgentVerticle;
import org.doorstep.agent.device.idcard.sim.SampleResidents;
import org.doorstep.agent.kiosk.SessionSummary;
import org.doorstep.agent.model.Guidance;
import org.doorstep.agent.model.MaskedResident;
import org.doorstep.agent.screen.flow.ScreenFlow;
import org.doorstep.agent.session.ResidentMessage;
import org.doorstep.agent.session.State;
import org.doorstep.agent.testing.TestAgents;
import org.doorstep.config.profile.LocalServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser screen's protocol over real HTTP on loopback, spoken by an event-stream client of our own
 * ({@link EventStreamClient}: a socket, chunked coding, SSE framing) and the JDK's HTTP client: the first view on
 * connect, the workflow's messages, guidance with its countdown, the masked resident, consent answered, refused
 * by bad requests, failed after a page is lost for 5 s and kept open across a reload; the page, its modules and the
 * font; a foreign Host refused. Last, a whole agent with {@code local.screen.kind: BROWSER}: consent comes from an
 * HTTP POST and the certification is recorded.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScreenRelayIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final MaskedResident ZHANG = MaskedResident.of(SampleResidents.ZHANG_SAN);

  @TempDir Path dataDir;
  private Vertx vertx;
  private BrowserScreen screen;
  private int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    screen = new BrowserScreen(vertx, 0, new ScreenFlow(Duration.ofSeconds(60), Duration.ofSeconds(10)),
        Clock.systemUTC(), BrowserScreen.formsFont());
    // On a context of its own, as the agent runs it; the Screen calls below hop onto it.
    port = onContext(() -> screen.start());
  }

  private <T> T onContext(java.util.function.Supplier<Future<T>> action) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(p));
    return p.future().await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String page(JsonObject v) {
    return v.getString("page");
  }

  private static String key(JsonObject v) {
    return v.getJsonObject("message").getString("key");
  }

  @Test
  void the_first_view_comes_on_connect_and_each_message_follows() throws Exception {
    try (EventStreamClient page = EventStreamClient.open(port)) {
      JsonObject first = page.next(WAIT);
      assertThat(page.status()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(page.contentType()).startsWith("text/event-stream");
      assertThat(page.retryMs()).isEqualTo(1000);
      assertThat(first.fieldNames()).containsExactlyInAnyOrder("version", "page", "step", "steps", "message",
          "subject", "guidance", "challengeRemainingMs", "consentOpen");
      assertThat(page(first)).isEqualTo("START");
      assertThat(first.getInteger("step")).isEqualTo(1);
      assertThat(first.getInteger("steps")).isEqualTo(4);
      assertThat(first.getJsonObject("message")).isEqualTo(new JsonObject().put("key", "session.place-card")
          .put("zh", "请将身份证放在读卡区").put("en", "place your ID card on the reader"));
      assertThat(first.getValue("subject")).isNull();
      assertThat(first.getBoolean("consentOpen")).isFalse();

      screen.show(ResidentMessage.READING_CARD).await();
      JsonObject reading = page.next(WAIT);
      assertThat(page(reading)).isEqualTo("CARD");
      assertThat(reading.getLong("version")).isGreaterThan(first.getLong("version"));

      screen.resident(Optional.of(ZHANG)).await();
      screen.show(ResidentMessage.CONFIRM_CONSENT).await();
      JsonObject consent = page.until(v -> page(v).equals("CONSENT"), WAIT);
      assertThat(consent.getInteger("step")).isEqualTo(2);
      assertThat(consent.getJsonObject("subject")).isEqualTo(new JsonObject().put("name", "张*")
          .put("idNumber", ZHANG.idNumber()));

      screen.show(ResidentMessage.FOLLOW_CHALLENGES).await();
      screen.guide(Guidance.MOVE_CLOSER).await();
      JsonObject closer = page.until(v -> v.getJsonObject("guidance") != null, WAIT);
      assertThat(closer.getJsonObject("guidance").getString("key")).isEqualTo("face.move-closer");
      assertThat(closer.getValue("challengeRemainingMs")).isNull();
      screen.guide(Guidance.BLINK).await();
      JsonObject blink = page.until(v -> v.getValue("challengeRemainingMs") != null, WAIT);
      assertThat(blink.getJsonObject("guidance").getString("zh")).isEqualTo("请眨一眨眼睛");
      assertThat(blink.getLong("challengeRemainingMs")).isBetween(8_000L, 10_000L);
      assertThat(blink.getInteger("step")).isEqualTo(3);

      screen.show(ResidentMessage.MATCHING).await();
      assertThat(page(page.until(v -> page(v).equals("WAIT"), WAIT))).isEqualTo("WAIT");
      screen.show(ResidentMessage.CERTIFIED_TAKE_RECEIPT).await();
      JsonObject done = page.until(v -> page(v).equals("CERTIFIED"), WAIT);
      assertThat(done.getJsonObject("subject").getString("name")).isEqualTo("张*");
      assertThat(done.getValue("guidance")).isNull();

      screen.resident(Optional.empty()).await();
      screen.show(ResidentMessage.PLACE_CARD).await();
      assertThat(page.until(v -> page(v).equals("START"), WAIT).getValue("subject")).isNull();
      assertThat(page.received()).doesNotContain(SampleResidents.ZHANG_SAN.idNumber().unmasked(), "张三");
    }
  }

  @Test
  void consent_is_answered_once_from_the_page_and_bad_requests_are_refused() throws Exception {
    try (EventStreamClient page = EventStreamClient.open(port)) {
      page.next(WAIT);
      assertThat(post("/api/consent", "{\"agreed\": true}").statusCode()).isEqualTo(409);   // no question yet
      screen.show(ResidentMessage.CONFIRM_CONSENT).await();
      Future<Boolean> answer = screen.askConsent();
      assertThat(page.until(v -> v.getBoolean("consentOpen"), WAIT).getString("page")).isEqualTo("CONSENT");

      assertThat(post("/api/consent", "{\"agreed\": \"yes\"}").statusCode()).isEqualTo(400);
      assertThat(post("/api/consent", "not json").statusCode()).isEqualTo(400);
      assertThat(post("/api/consent", "{}").statusCode()).isEqualTo(400);
      assertThat(answer.isComplete()).isFalse();

      assertThat(post("/api/consent", "{\"agreed\": true}").statusCode()).isEqualTo(204);
      assertThat(answer.await()).isTrue();
      assertThat(page.until(v -> !v.getBoolean("consentOpen"), WAIT).getString("page")).isEqualTo("CONSENT");
      assertThat(post("/api/consent", "{\"agreed\": false}").statusCode()).isEqualTo(409);

      Future<Boolean> second = screen.askConsent();
      page.until(v -> v.getBoolean("consentOpen"), WAIT);
      assertThat(post("/api/consent", "{\"agreed\": false}").statusCode()).isEqualTo(204);
      assertThat(second.await()).isFalse();
      assertThat(post("/api/touch", "").statusCode()).isEqualTo(204);
    }
  }

  @Test
  void a_page_lost_for_5_s_fails_the_open_question() throws Exception {
    EventStreamClient page = EventStreamClient.open(port);
    page.next(WAIT);
    screen.show(ResidentMessage.CONFIRM_CONSENT).await();
    Future<Boolean> answer = screen.askConsent();
    page.until(v -> v.getBoolean("consentOpen"), WAIT);
    long lost = System.nanoTime();
    page.close();

    await().atMost(WAIT).until(answer::isComplete);
    long waitedMs = (System.nanoTime() - lost) / 1_000_000;
    assertThat(answer.failed()).isTrue();
    assertThat(answer.cause()).hasMessageContaining("no page connected for 5 s");
    assertThat(waitedMs).isBetween(4_900L, 8_000L);
    try (EventStreamClient back = EventStreamClient.open(port)) {
      assertThat(back.next(WAIT).getBoolean("consentOpen")).isFalse();   // a page that comes later finds it closed
    }
  }

  @Test
  void a_page_that_reloads_within_the_grace_gets_the_current_view_and_the_question_stays_open() throws Exception {
    EventStreamClient first = EventStreamClient.open(port);
    first.next(WAIT);
    screen.resident(Optional.of(ZHANG)).await();
    screen.show(ResidentMessage.CONFIRM_CONSENT).await();
    Future<Boolean> answer = screen.askConsent();
    first.until(v -> v.getBoolean("consentOpen"), WAIT);
    first.close();
    Thread.sleep(1_000);   // a reload: the old stream closed, the new page loads

    try (EventStreamClient reloaded = EventStreamClient.open(port)) {
      JsonObject v = reloaded.next(WAIT);
      assertThat(page(v)).isEqualTo("CONSENT");
      assertThat(v.getBoolean("consentOpen")).isTrue();
      assertThat(v.getJsonObject("subject").getString("idNumber")).isEqualTo(ZHANG.idNumber());
      Thread.sleep(5_500);   // longer than the grace: the reloaded page keeps the question open
      assertThat(answer.isComplete()).isFalse();
      assertThat(post("/api/consent", "{\"agreed\": true}").statusCode()).isEqualTo(204);
      assertThat(answer.await()).isTrue();
    }
  }

  @Test
  void the_page_its_modules_and_the_font_are_served_from_the_agent_with_a_strict_policy() throws Exception {
    HttpResponse<byte[]> index = get("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    String html = new String(index.body(), StandardCharsets.UTF_8);
    assertThat(html).contains("<script type=\"module\" src=\"/assets/main.js\"></script>", "lang=\"zh-CN\"")
        .doesNotContain("http://", "https://");
    assertThat(index.headers().firstValue("content-security-policy").orElse(""))
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
    for (String asset : new String[] {"/assets/main.js", "/assets/render.js", "/assets/texts.js"}) {
      HttpResponse<byte[]> js = get(asset);
      assertThat(js.statusCode()).as(asset).isEqualTo(200);
      assertThat(js.headers().firstValue("content-type").orElse("")).as(asset).contains("javascript");
      assertThat(new String(js.body(), StandardCharsets.UTF_8)).as(asset).doesNotContain("http://", "https://");
    }
    assertThat(get("/assets/screen.css").headers().firstValue("content-type").orElse("")).startsWith("text/css");
    assertThat(get("/assets/nothing.js").statusCode()).isEqualTo(404);
    assertThat(get("/screen-web/index.html").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> font = get(BrowserScreen.FONT_PATH);
    assertThat(BrowserScreen.formsFont()).as("the build fetches Noto Sans SC (agent/fonts/fetch-fonts.sh)").isPresent();
    assertThat(font.statusCode()).isEqualTo(200);
    assertThat(font.headers().firstValue("content-type")).contains("font/ttf");
    assertThat(font.body().length).isGreaterThan(1_000_000);
    assertThat(screen.url()).isEqualTo("http://127.0.0.1:" + port + "/");
  }

  @Test
  void a_request_for_another_host_is_refused() throws Exception {
    assertThat(rawStatus("evil.example")).isEqualTo("HTTP/1.1 403 Forbidden");
    assertThat(rawStatus("127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(rawStatus("localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
  }

  private String rawStatus(String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  @Test
  void an_agent_with_the_browser_screen_takes_consent_from_the_page_and_records_the_certification()
      throws Exception {
    screen.stop().await();
    AgentVerticle agent = new AgentVerticle(TestAgents.withBrowserScreen(
        TestAgents.config("kiosk-screen", dataDir, "tcp://127.0.0.1:1", Duration.ofSeconds(2), 50)),
        TestAgents.fastOptions());
    vertx.deployVerticle(agent).await();
    String url = agent.screenUrl().orElseThrow();
    assertThat(url).startsWith("http://127.0.0.1:").endsWith("/");
    port = URI.create(url).getPort();
    try (EventStreamClient page = EventStreamClient.open(port)) {
      assertThat(page(page.next(WAIT))).isEqualTo("START");
      Future<SessionSummary> session = agent.certify(SampleResidents.LI_SI);
      JsonObject consent = page.until(v -> v.getBoolean("consentOpen"), WAIT);
      assertThat(consent.getJsonObject("subject").getString("idNumber"))
          .isEqualTo(SampleResidents.LI_SI.idNumber().masked());
      assertThat(post("/api/consent", "{\"agreed\": true}").statusCode()).isEqualTo(204);
      SessionSummary s = session.await();
      assertThat(s.state()).isEqualTo(State.DONE);
      assertThat(s.message()).isEqualTo(ResidentMessage.CERTIFIED_TAKE_RECEIPT);
      assertThat(page(page.until(v -> page(v).equals("START"), WAIT))).isEqualTo("START");   // card taken away
      assertThat(agent.outboxPending().await()).isEqualTo(1);
      assertThat(page.received()).doesNotContain(SampleResidents.LI_SI.idNumber().unmasked(),
          SampleResidents.LI_SI.name().unmasked());
    }
  }
}
