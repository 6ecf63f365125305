package org.doorstep.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's open routes over a real HTTP server: the page, its scripts, and nothing else. */
@ExtendWith(VertxExtension.class)
class ConsolePagesIT {
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    Router router = Router.router(vertx);
    ConsolePages.mount(router);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
    await(server.close());
  }

  private HttpResponse<Buffer> get(String uri) {
    return await(client.get(server.actualPort(), "127.0.0.1", uri).send());
  }

  @Test
  void the_page_is_served_at_the_root_in_chinese_with_a_same_origin_policy_and_holds_no_data() {
    HttpResponse<Buffer> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.getHeader("Content-Security-Policy")).startsWith("default-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.bodyAsString()).contains("<html lang=\"zh-CN\">", "运维控制台", "/static/console/app.js")
        .doesNotContain("44010");
  }

  @Test
  void scripts_come_from_static_with_the_same_policy() {
    HttpResponse<Buffer> script = get("/static/console/app.js");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(script.getHeader("Content-Security-Policy")).isEqualTo(ConsolePages.CONTENT_SECURITY_POLICY);
  }

  @Test
  void no_directory_listing_no_way_out_of_the_web_folder_and_no_api() {
    assertThat(get("/static/console/").statusCode()).isNotEqualTo(200);
    assertThat(get("/static/../logback.xml").statusCode()).isNotEqualTo(200);
    assertThat(get("/static/%2e%2e/logback.xml").statusCode()).isNotEqualTo(200);
    assertThat(get("/api/devices").statusCode()).isEqualTo(404);
  }
}
