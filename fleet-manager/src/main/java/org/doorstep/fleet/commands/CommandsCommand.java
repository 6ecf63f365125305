package org.doorstep.fleet.commands;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.doorstep.fleet.web.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-manager commands …}: signed commands through a running fleet manager's REST API.
 *
 * <pre>
 * fleet-manager commands send --device kiosk-001 --name ping [--arg k=v]… [--ttl PT10M] [--wait 30s] [--url …]
 * fleet-manager commands show --id COMMAND_ID [--url …]
 * fleet-manager commands list [--device kiosk-001] [--url …]
 * </pre>
 * Built-in agent commands: {@code ping}, {@code report-state}, {@code power-cycle --arg peripheral=printer},
 * {@code reload-config}. Exit codes: 0 done (with {@code --wait}: the device answered DONE), 1 refused,
 * failed or not answered in time, 2 usage.
 */
@Command(name = "commands", mixinStandardHelpOptions = true, description = "Signed commands to kiosks.",
    subcommands = {CommandsCommand.Send.class, CommandsCommand.Show.class, CommandsCommand.ListCommands.class})
public final class CommandsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  abstract static class Base implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Spec
    CommandSpec spec;

    /** The answer's status and body; null when the fleet manager cannot be reached (reported). */
    HttpResponse<String> request(String path, JsonObject body) {
      return api.send("POST", path, body, spec.commandLine().getErr()).orElse(null);
    }

    int print(HttpResponse<String> res) {
      if (res == null) {
        return 1;
      }
      if (res.statusCode() / 100 != 2) {
        spec.commandLine().getErr().println("refused (HTTP " + res.statusCode() + "): " + res.body());
        return 1;
      }
      spec.commandLine().getOut().println(res.body().trim().startsWith("[")
          ? new io.vertx.core.json.JsonArray(res.body()).encodePrettily() : new JsonObject(res.body()).encodePrettily());
      return 0;
    }
  }

  /** {@code commands send}. */
  @Command(name = "send", mixinStandardHelpOptions = true, description = "Sign and send a command to a device.")
  static final class Send extends Base {
    @Option(names = "--device", required = true, description = "target device id")
    String device;

    @Option(names = "--name", required = true, description = "ping, report-state, power-cycle, reload-config, …")
    String name;

    @Option(names = "--arg", description = "argument key=value (repeatable)")
    Map<String, String> args = new LinkedHashMap<>();

    @Option(names = "--ttl", description = "lifetime, ISO-8601 (default PT10M, at most PT24H)")
    String ttl;

    @Option(names = "--wait", description = "wait this long for the device's answer, ISO-8601 (e.g. PT30S)")
    String waitFor;

    @Override
    public Integer call() throws InterruptedException {
      JsonObject body = new JsonObject().put("deviceId", device).put("name", name)
          .put("args", new JsonObject(new LinkedHashMap<String, Object>(args)));
      if (ttl != null) {
        body.put("ttl", ttl);
      }
      HttpResponse<String> res = request("/api/commands", body);
      if (waitFor == null || res == null || res.statusCode() / 100 != 2) {
        return print(res);
      }
      String id = new JsonObject(res.body()).getString("commandId");
      long deadline = System.nanoTime() + Duration.parse(waitFor).toNanos();
      while (true) {
        HttpResponse<String> now = request("/api/commands/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
        if (now == null || now.statusCode() / 100 != 2) {
          return print(now);
        }
        String status = new JsonObject(now.body()).getString("status");
        if (!"SENT".equals(status) || System.nanoTime() > deadline) {
          int code = print(now);
          return code == 0 && "DONE".equals(status) ? 0 : 1;
        }
        Thread.sleep(250); // CLI polling of a REST resource, not a test
      }
    }
  }

  /** {@code commands show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "A command, its status and every result.")
  static final class Show extends Base {
    @Option(names = "--id", required = true, description = "command id")
    String id;

    @Override
    public Integer call() {
      return print(request("/api/commands/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null));
    }
  }

  /** {@code commands list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent commands, newest first.")
  static final class ListCommands extends Base {
    @Option(names = "--device", description = "only this device")
    String device;

    @Override
    public Integer call() {
      return print(request("/api/commands" + (device == null ? ""
          : "?device=" + URLEncoder.encode(device, StandardCharsets.UTF_8)), null));
    }
  }
}
