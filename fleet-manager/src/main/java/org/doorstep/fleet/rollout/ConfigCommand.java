package org.doorstep.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.doorstep.fleet.web.ApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleet-manager config …}: signed config push and rollouts, through a running fleet manager's REST
 * API (it holds the broker and the config key).
 *
 * <pre>
 * fleet-manager config push --file policy.yaml [--canary kiosk-001,kiosk-002] [--waves 10,50,100]
 *                           [--region 440103] [--max-refusals 0] [--note "…"] [--url https://127.0.0.1:8443 --token … --cacert ca-cert.pem]
 * fleet-manager config status --rollout ID [--url …]
 * fleet-manager config halt --rollout ID [--reason "…"] [--url …]
 * fleet-manager config key [--url …]         the public key PEM agents trust (fleet.configKeyFile)
 * </pre>
 * Exit codes: 0 done, 1 refused or failed (the reason and every violation on stderr), 2 usage.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Signed config push and staged rollout.",
    subcommands = {ConfigCommand.Push.class, ConfigCommand.Status.class, ConfigCommand.Halt.class, ConfigCommand.Key.class})
public final class ConfigCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Options every subcommand shares. */
  abstract static class Base implements Callable<Integer> {
    @Mixin
    ApiClient api;

    @Spec
    CommandSpec spec;

    /** Sends {@code body} (or GETs when null) and prints the answer; exit 0 on 2xx, else 1. */
    int call(String method, String path, JsonObject body) {
      Optional<HttpResponse<String>> answer = api.send(method, path, body, spec.commandLine().getErr());
      if (answer.isEmpty()) {
        return 1;
      }
      HttpResponse<String> res = answer.get();
      if (res.statusCode() / 100 != 2) {
        spec.commandLine().getErr().println(describeError(res.statusCode(), res.body()));
        return 1;
      }
      spec.commandLine().getOut().println(pretty(res.body()));
      return 0;
    }
  }

  /** {@code config push}: validate, store as the next version, start a staged rollout. */
  @Command(name = "push", mixinStandardHelpOptions = true,
      description = "Store a config document (YAML or JSON) as the next version and roll it out in waves.")
  static final class Push extends Base {
    @Option(names = "--file", required = true, description = "the document: keys of docs/configuration.md (.yaml, .yml, .json)")
    Path file;

    @Option(names = "--canary", split = ",", description = "devices of the first wave")
    List<String> canary = List.of();

    @Option(names = "--waves", split = ",", defaultValue = "100",
        description = "cumulative percentages of the other devices per wave, last 100 (default ${DEFAULT-VALUE})")
    List<Integer> waves;

    @Option(names = "--region", description = "only devices of this region")
    String region;

    @Option(names = "--max-refusals", defaultValue = "0", description = "refusals tolerated before the rollout halts (default ${DEFAULT-VALUE})")
    int maxRefusals;

    @Option(names = "--note", defaultValue = "", description = "what changes, for the operators")
    String note;

    @Override
    public Integer call() {
      JsonNode doc;
      try {
        doc = ConfigLoader.readDocument(file);
      } catch (ConfigException e) {
        e.messages().forEach(m -> spec.commandLine().getErr().println(m));
        return 1;
      }
      JsonObject body = new JsonObject()
          .put("document", new JsonObject(doc.toString()))
          .put("note", note)
          .put("canary", new JsonArray(canary))
          .put("waves", new JsonArray(waves))
          .put("maxRefusals", maxRefusals);
      if (region != null) {
        body.put("region", region);
      }
      return call("POST", "/api/config/push", body);
    }
  }

  /** {@code config status}: a rollout and every device's status. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show a rollout (or all, without --rollout).")
  static final class Status extends Base {
    @Option(names = "--rollout", description = "rollout id")
    String rollout;

    @Override
    public Integer call() {
      return call("GET", rollout == null ? "/api/rollouts" : "/api/rollouts/" + rollout, null);
    }
  }

  /** {@code config halt}: stop a running rollout. */
  @Command(name = "halt", mixinStandardHelpOptions = true, description = "Halt a running rollout: no further wave.")
  static final class Halt extends Base {
    @Option(names = "--rollout", required = true, description = "rollout id")
    String rollout;

    @Option(names = "--reason", defaultValue = "", description = "why, for the record")
    String reason;

    @Override
    public Integer call() {
      return call("POST", "/api/rollouts/" + rollout + "/halt", new JsonObject().put("reason", reason));
    }
  }

  /** {@code config key}: the fleet config public key. */
  @Command(name = "key", mixinStandardHelpOptions = true,
      description = "Print the fleet config public key (PEM) that kiosks install as fleet.configKeyFile.")
  static final class Key extends Base {
    @Override
    public Integer call() {
      return call("GET", "/api/config/key", null);
    }
  }

  static String describeError(int status, String body) {
    try {
      JsonObject j = new JsonObject(body);
      StringBuilder sb = new StringBuilder("refused (HTTP " + status + "): " + j.getString("error", body));
      JsonArray vs = j.getJsonArray("violations");
      if (vs != null) {
        for (int i = 0; i < vs.size(); i++) {
          JsonObject v = vs.getJsonObject(i);
          sb.append("\n  ").append(v.getString("path")).append(": ").append(v.getString("message"));
        }
      }
      return sb.toString();
    } catch (RuntimeException e) {
      return "refused (HTTP " + status + "): " + body;
    }
  }

  static String pretty(String body) {
    try {
      return body.trim().startsWith("[") ? new JsonArray(body).encodePrettily() : new JsonObject(body).encodePrettily();
    } catch (RuntimeException e) {
      return body;
    }
  }
}
