package org.doorstep.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.doorstep.fleet.devices.DeviceRegistry;
import org.doorstep.fleet.ingest.IngestStats;
import org.doorstep.fleet.operators.OperatorService;
import org.doorstep.fleet.signin.SignInPolicy;
import org.doorstep.fleet.signin.SignInService;
import org.doorstep.fleet.signin.SignInStore;
import org.doorstep.fleet.store.FleetStores;
import org.doorstep.fleet.testing.MutableClock;
import org.doorstep.fleet.testing.TestCiphers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password sign-in over the production router: Argon2id passwords, lockout, the session cookie's attributes, CSRF,
 * sign-out, session and token expiry, token renewal. Plain HTTP on loopback (the cookie is Secure all the same; a
 * browser only sends it over TLS, which the browser tests cover).
 */
@ExtendWith(VertxExtension.class)
class SignInIT {
  private static final String PASSWORD = "长城永不倒-great-wall";

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock();
  private FleetStores store;
  private OperatorService operators;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    store = await(FleetStores.sqlite(vertx, dir.resolve("fleet.db"), TestCiphers.aes()));
    operators = new OperatorService(store.operators(), clock);
    IngestStats stats = new IngestStats(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    Router router = FleetApi.router(vertx, new DeviceRegistry(store.devices(), clock), store.records(), operators,
        new SignInService(vertx, new SignInStore(store.database()), SignInPolicy.DEFAULT, clock),
        () -> new FleetStatus("embedded", Optional.of(1), Optional.empty(), store.kind(), stats));
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
    await(server.close());
    await(store.close());
  }

  private HttpRequest<Buffer> request(io.vertx.core.http.HttpMethod method, String uri) {
    return client.request(method, server.actualPort(), "127.0.0.1", uri);
  }

  /** Creates an operator and sets its first password with its token; returns the token. */
  private String withPassword(String name, String role, String region) {
    String token = await(operators.create(name, role, region)).token();
    HttpResponse<Buffer> set = await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/" + name + "/password")
        .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("password", PASSWORD)));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(204);
    return token;
  }

  private HttpResponse<Buffer> signIn(String name, String password) {
    return await(request(io.vertx.core.http.HttpMethod.POST, "/api/session")
        .sendJsonObject(new JsonObject().put("name", name).put("password", password)));
  }

  private static String sessionCookie(HttpResponse<Buffer> signIn) {
    String setCookie = signIn.cookies().stream().filter(c -> c.startsWith(SignInApi.COOKIE + "=")).findFirst()
        .orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String reason) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo(reason);
  }

  @Test
  void sign_in_sets_a_host_only_httponly_secure_strict_cookie_and_the_session_acts_as_the_operator() {
    withPassword("zhang.wei", "FLEET_OPERATOR", "4401");
    HttpResponse<Buffer> r = signIn("zhang.wei", PASSWORD);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("name")).isEqualTo("zhang.wei");
    assertThat(body.getString("region")).isEqualTo("4401");
    assertThat(body.getString("csrfToken")).startsWith("dso_");
    assertThat(body.getLong("idleTimeoutSeconds")).isEqualTo(1800);
    String setCookie = r.cookies().get(0);
    assertThat(setCookie).startsWith("__Host-doorstep_session=").containsIgnoringCase("Path=/")
        .containsIgnoringCase("HttpOnly").containsIgnoringCase("Secure").containsIgnoringCase("SameSite=Strict")
        .containsIgnoringCase("Max-Age=28800").doesNotContainIgnoringCase("Domain");

    String cookie = sessionCookie(r);
    HttpResponse<Buffer> me = await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", cookie).send());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("name")).isEqualTo("zhang.wei");
  }

  @Test
  void state_changing_requests_by_cookie_need_the_csrf_token_and_bearer_requests_do_not() {
    String token = withPassword("li.na", "ADMIN", "86");
    HttpResponse<Buffer> r = signIn("li.na", PASSWORD);
    String cookie = sessionCookie(r);
    String csrf = r.bodyAsJsonObject().getString("csrfToken");
    JsonObject newOperator = new JsonObject().put("name", "wang.fang").put("role", "AUDITOR").put("region", "44");

    assertRefused(await(request(io.vertx.core.http.HttpMethod.POST, "/api/operators").putHeader("Cookie", cookie)
        .sendJsonObject(newOperator)), 403, "CSRF");
    assertRefused(await(request(io.vertx.core.http.HttpMethod.POST, "/api/operators").putHeader("Cookie", cookie)
        .putHeader(SignInApi.CSRF_HEADER, "dso_forged").sendJsonObject(newOperator)), 403, "CSRF");
    assertThat(await(request(io.vertx.core.http.HttpMethod.POST, "/api/operators").putHeader("Cookie", cookie)
        .putHeader(SignInApi.CSRF_HEADER, csrf).sendJsonObject(newOperator)).statusCode()).isEqualTo(201);
    assertThat(await(request(io.vertx.core.http.HttpMethod.POST, "/api/operators").bearerTokenAuthentication(token)
        .sendJsonObject(newOperator.copy().put("name", "zhao.lei"))).statusCode()).isEqualTo(201);
  }

  @Test
  void wrong_passwords_and_unknown_names_answer_alike_and_the_fifth_failure_locks_with_retry_after() {
    withPassword("chen.jie", "AUDITOR", "86");
    assertRefused(signIn("nobody", PASSWORD), 401, "BAD_CREDENTIALS");
    assertThat(signIn("nobody", PASSWORD).bodyAsJsonObject().getString("error"))
        .isEqualTo(signIn("chen.jie", "wrong password!").bodyAsJsonObject().getString("error"));
    for (int i = 2; i <= 4; i++) {
      assertRefused(signIn("chen.jie", "wrong password " + i), 401, "BAD_CREDENTIALS");
    }
    HttpResponse<Buffer> fifth = signIn("chen.jie", "wrong password 5");
    assertRefused(fifth, 429, "LOCKED");
    assertThat(Long.parseLong(fifth.getHeader("Retry-After"))).isBetween(1L, 900L);
    assertRefused(signIn("chen.jie", PASSWORD), 429, "LOCKED");

    clock.advance(Duration.ofMinutes(15));
    assertThat(signIn("chen.jie", PASSWORD).statusCode()).as("the lock ends after 15 minutes").isEqualTo(200);
  }

  @Test
  void sign_out_ends_the_session_and_idle_or_old_sessions_expire() {
    withPassword("sun.li", "AUDITOR", "86");
    HttpResponse<Buffer> r = signIn("sun.li", PASSWORD);
    String cookie = sessionCookie(r);
    HttpResponse<Buffer> out = await(request(io.vertx.core.http.HttpMethod.DELETE, "/api/session")
        .putHeader("Cookie", cookie).putHeader(SignInApi.CSRF_HEADER, r.bodyAsJsonObject().getString("csrfToken")).send());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.cookies().get(0)).startsWith("__Host-doorstep_session=;").containsIgnoringCase("Max-Age=0");
    assertRefused(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", cookie).send()),
        401, "UNKNOWN_SESSION");

    String idle = sessionCookie(signIn("sun.li", PASSWORD));
    clock.advance(Duration.ofMinutes(29));
    assertThat(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", idle).send())
        .statusCode()).as("used within 30 minutes").isEqualTo(200);
    clock.advance(Duration.ofMinutes(30));
    assertRefused(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", idle).send()),
        401, "SESSION_EXPIRED");

    String busy = sessionCookie(signIn("sun.li", PASSWORD));
    for (int i = 0; i < 16; i++) {      // used every 29 minutes: never idle (7 h 44 min)
      clock.advance(Duration.ofMinutes(29));
      assertThat(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", busy).send())
          .statusCode()).isEqualTo(200);
    }
    clock.advance(Duration.ofMinutes(17));  // 8 h 1 min after sign-in, 17 minutes idle
    assertRefused(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", busy).send()),
        401, "SESSION_EXPIRED");
  }

  @Test
  void changing_ones_own_password_needs_the_current_one_and_ends_every_session() {
    String token = withPassword("zhou.min", "AUDITOR", "86");
    String cookie = sessionCookie(signIn("zhou.min", PASSWORD));
    assertRefused(await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/zhou.min/password")
        .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("password", "a-new-long-password"))),
        401, "BAD_CREDENTIALS");
    assertRefused(await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/zhou.min/password")
        .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("password", "short")
            .put("currentPassword", PASSWORD))), 400, "INVALID");
    assertThat(await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/zhou.min/password")
        .bearerTokenAuthentication(token).sendJsonObject(new JsonObject().put("password", "a-new-long-password")
            .put("currentPassword", PASSWORD))).statusCode()).isEqualTo(204);
    assertRefused(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").putHeader("Cookie", cookie).send()),
        401, "UNKNOWN_SESSION");
    assertRefused(signIn("zhou.min", PASSWORD), 401, "BAD_CREDENTIALS");
    assertThat(signIn("zhou.min", "a-new-long-password").statusCode()).isEqualTo(200);
  }

  @Test
  void another_operators_password_needs_manage_operators_within_the_region() {
    withPassword("gz.staff", "AUDITOR", "4401");
    String gzAdmin = await(operators.create("gz.admin", "ADMIN", "4401")).token();
    String auditor = await(operators.create("bj.auditor", "AUDITOR", "11")).token();
    withPassword("bj.staff", "AUDITOR", "1101");
    JsonObject body = new JsonObject().put("password", "reset-by-the-admin");
    assertRefused(await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/gz.staff/password")
        .bearerTokenAuthentication(auditor).sendJsonObject(body)), 403, "FORBIDDEN_ROLE");
    assertRefused(await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/bj.staff/password")
        .bearerTokenAuthentication(gzAdmin).sendJsonObject(body)), 403, "FORBIDDEN_REGION");
    assertThat(await(request(io.vertx.core.http.HttpMethod.PUT, "/api/operators/gz.staff/password")
        .bearerTokenAuthentication(gzAdmin).sendJsonObject(body)).statusCode()).isEqualTo(204);
    assertThat(signIn("gz.staff", "reset-by-the-admin").statusCode()).isEqualTo(200);
  }

  @Test
  void a_token_expires_after_90_days_and_a_renewed_one_replaces_it() {
    String token = await(operators.create("wu.hao", "AUDITOR", "86")).token();
    clock.advance(Duration.ofDays(89));
    HttpResponse<Buffer> renewed = await(request(io.vertx.core.http.HttpMethod.POST, "/api/operators/wu.hao/token")
        .bearerTokenAuthentication(token).send());
    assertThat(renewed.statusCode()).as(renewed.bodyAsString()).isEqualTo(200);
    String fresh = renewed.bodyAsJsonObject().getString("token");
    assertRefused(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").bearerTokenAuthentication(token).send()),
        401, "UNKNOWN_TOKEN");
    clock.advance(Duration.ofDays(89));
    assertThat(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").bearerTokenAuthentication(fresh).send())
        .statusCode()).isEqualTo(200);
    clock.advance(Duration.ofDays(1));
    assertRefused(await(request(io.vertx.core.http.HttpMethod.GET, "/api/me").bearerTokenAuthentication(fresh).send()),
        401, "TOKEN_EXPIRED");
  }
}
