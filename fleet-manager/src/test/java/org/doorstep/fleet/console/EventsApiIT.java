package org.doorstep.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.doorstep.config.contract.DeviceState;
import org.doorstep.config.crypto.TlsContexts;
import org.doorstep.fleet.FleetVerticle;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.RunningFleet;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's live feed ({@code GET /api/events}) on a real fleet, read as the raw
 * {@code text/event-stream} it is: alarm changes arrive as {@code event: alarm} with the change and the
 * alarm as one {@code data:} line, only to operators of the alarm's region who may read alarms.
 */
class EventsApiIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private RunningFleet running;
  private FleetVerticle fleet;
  private HttpClient http;
  private final List<Feed> feeds = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    running = RunningFleet.start(dir);
    fleet = running.fleet();
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(TlsContexts.trustStore(List.of(fleet.serverIdentity().trusted().get(0))));
    SSLContext tls = SSLContext.getInstance(TlsContexts.PROTOCOL);
    tls.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(tls).connectTimeout(WAIT).build();
  }

  @AfterEach
  void tearDown() {
    feeds.forEach(Feed::close);
    running.close();
  }

  /** One open feed: every line as received, read on a thread of its own. */
  private final class Feed {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final int status;
    private final Stream<String> body;

    Feed(String token) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fleet.httpPort() + "/api/events"))
          .header("Authorization", "Bearer " + token).GET().build();
      HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
      status = response.statusCode();
      assertThat(response.headers().firstValue("content-type")).contains("text/event-stream; charset=utf-8");
      body = response.body();
      Thread reader = new Thread(() -> {
        try {
          body.forEach(lines::add);
        } catch (RuntimeException closed) {
          // the test closed the feed
        }
      }, "events-feed");
      reader.setDaemon(true);
      reader.start();
      feeds.add(this);
      // The opening comment is written when the feed subscribed to the event bus.
      await().atMost(WAIT).until(() -> lines.contains(": doorstep device events"));
    }

    /** The {@code event: alarm} events so far, their data parsed. */
    List<JsonObject> alarmEvents() {
      List<JsonObject> out = new ArrayList<>();
      List<String> snapshot = List.copyOf(lines);
      for (int i = 0; i + 2 < snapshot.size(); i++) {
        if (snapshot.get(i).equals("event: alarm")) {
          String data = snapshot.get(i + 1);
          assertThat(data).startsWith("data: ");
          assertThat(snapshot.get(i + 2)).as("an event ends with a blank line").isEmpty();
          out.add(new JsonObject(data.substring("data: ".length())));
        }
      }
      return out;
    }

    List<String> changes() {
      return alarmEvents().stream().map(e -> e.getString("event") + " " + e.getJsonObject("alarm").getString("type")
          + " " + e.getJsonObject("alarm").getString("source")).toList();
    }

    void close() {
      body.close();
    }
  }

  private void raise(String id, String region, Map<String, String> peripherals, Map<String, String> faults) {
    TestKiosk k = TestKiosk.create(id);
    await(fleet.devices().register(id, k.publicKeyPem(), region));
    // What the ingest pipeline calls for every state message.
    fleet.alarms().state(id, new DeviceState(id, true, "0.1.0", 1, peripherals, 0, Instant.now(), faults,
        Optional.empty()));
  }

  @Test
  void alarm_changes_reach_only_the_feeds_of_operators_of_their_region_who_may_read_alarms() throws Exception {
    Feed national = new Feed(running.token(Role.FLEET_OPERATOR, "86"));
    String guangdongToken = running.token(Role.FLEET_OPERATOR, "44");
    Feed guangdong = new Feed(guangdongToken);
    Feed handler = new Feed(running.token(Role.HANDLER, "86")); // READ_DEVICES without READ_ALARMS
    assertThat(national.status).isEqualTo(200);

    // Beijing first: by the time Guangdong's feed has its own alarm, Beijing's was delivered before it.
    raise("kiosk-bj", "110105", Map.of("gpio", "FRAUDATTEMPT"), Map.of());
    raise("kiosk-gz", "440106001001", Map.of("printer", "HWERROR"), Map.of("printer", "PAPER_OUT"));

    await().atMost(WAIT).until(() -> national.changes().size() == 2);
    assertThat(national.changes()).containsExactly("raised TAMPER kiosk-bj", "raised PAPER_OUT kiosk-gz");
    await().atMost(WAIT).until(() -> guangdong.changes().contains("raised PAPER_OUT kiosk-gz"));
    assertThat(guangdong.changes()).containsExactly("raised PAPER_OUT kiosk-gz");
    JsonObject raised = guangdong.alarmEvents().get(0).getJsonObject("alarm");
    assertThat(raised.getString("severity")).isEqualTo("MAJOR");
    assertThat(raised.getString("state")).isEqualTo("ACTIVE_UNACK");
    assertThat(raised.getString("region")).isEqualTo("440106001001");
    assertThat(raised.getString("detail")).isEqualTo("printer: HWERROR PAPER_OUT");
    assertThat(raised.getString("startedAt")).isNotBlank();

    // An acknowledgement through the API reaches the feeds with who did it.
    String id = raised.getString("id");
    assertThat(running.post(guangdongToken, "/api/alarms/" + id + "/ack").statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> guangdong.changes().size() == 2);
    JsonObject acked = guangdong.alarmEvents().get(1);
    assertThat(acked.getString("event")).isEqualTo("acknowledged");
    assertThat(acked.getJsonObject("alarm").getString("id")).isEqualTo(id);
    assertThat(acked.getJsonObject("alarm").getString("state")).isEqualTo("ACTIVE_ACK");
    assertThat(acked.getJsonObject("alarm").getString("acknowledgedBy")).startsWith("fleet_operator-44-");
    await().atMost(WAIT).until(() -> national.changes().size() == 3);

    assertThat(handler.alarmEvents()).as("no READ_ALARMS, no alarm events").isEmpty();
  }

  @Test
  void the_feed_needs_an_operator() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + fleet.httpPort() + "/api/events"))
        .GET().build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }
}
