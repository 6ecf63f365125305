package org.doorstep.fleet.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.doorstep.fleet.testing.Futures.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.doorstep.fleet.operators.Role;
import org.doorstep.fleet.testing.RunningFleet;
import org.doorstep.fleet.testing.TestKiosk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command routes on a real fleet (HTTPS, SQLite, embedded broker): every route is region-scoped by
 * the command's device, reading one command by id included.
 */
class CommandApiIT {
  @TempDir
  Path dir;

  private RunningFleet running;
  private String national;
  private String guangdong;

  @BeforeEach
  void setUp() {
    running = RunningFleet.start(dir);
    national = running.token(Role.FLEET_OPERATOR, "86");
    guangdong = running.token(Role.FLEET_OPERATOR, "44");
    await(running.fleet().devices().register("kiosk-gz", TestKiosk.create("kiosk-gz").publicKeyPem(), "440106"));
    await(running.fleet().devices().register("kiosk-bj", TestKiosk.create("kiosk-bj").publicKeyPem(), "110105"));
  }

  @AfterEach
  void tearDown() {
    running.close();
  }

  private HttpResponse<Buffer> get(String token, String path) {
    return running.get(token, path);
  }

  private String send(String token, String deviceId) {
    HttpResponse<Buffer> r = running.post(token, "/api/commands",
        new JsonObject().put("deviceId", deviceId).put("name", "ping"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("commandId");
  }

  @Test
  void a_regional_operator_reads_the_commands_of_its_region_only() {
    String beijing = send(national, "kiosk-bj");
    String guangzhou = send(guangdong, "kiosk-gz");

    HttpResponse<Buffer> own = get(guangdong, "/api/commands/" + guangzhou);
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getString("deviceId")).isEqualTo("kiosk-gz");

    HttpResponse<Buffer> other = get(guangdong, "/api/commands/" + beijing);
    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(403);
    assertThat(other.bodyAsJsonObject().getString("reason")).isEqualTo("FORBIDDEN_REGION");
    assertThat(other.bodyAsString()).doesNotContain("ping");

    assertThat(get(national, "/api/commands/" + beijing).statusCode()).isEqualTo(200);
    assertThat(get(guangdong, "/api/commands?device=kiosk-bj").statusCode()).isEqualTo(403);
    assertThat(get(guangdong, "/api/commands").statusCode()).as("all devices: national only").isEqualTo(403);
  }

  @Test
  void an_unknown_command_is_404_with_its_reason() {
    HttpResponse<Buffer> r = get(guangdong, "/api/commands/no-such-command");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("reason")).isEqualTo("NOT_FOUND");
  }
}
