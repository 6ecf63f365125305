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
 * fleet-manager config push --file policy.yaml [--canary kiosk-001,kiosk-002] [--groups 5,50%,100%]
 *                           [--success-threshold 100] [--error-threshold 0|10%] [--region 440103]
 *                           [--kind KIOSK] [--agent-version '>=0.2.0'] [--approval] [--window 18:00-08:00]
 *                           [--note "…"] [--url https://127.0.0.1:8443 --token … --cacert ca-cert.pem]
 * fleet-manager config status [--rollout ID] [--url …]
 * fleet-manager config approve|resume|next-group|rollback --rollout ID [--url …]
 * fleet-manager config pause|halt --rollout ID [--reason "…"] [--url …]
 * fleet-manager config key [--url …]         the public key PEM agents trust (fleet.configKeyFile)
 * </pre>
 * Exit codes: 0 done, 1 refused or failed (the reason and every violation on stderr), 2 usage.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Signed config push and staged rollout.",
    subcommands = {ConfigCommand.Push.class, ConfigCommand.Status.class, ConfigCommand.Approve.class,
        ConfigCommand.Pause.class, ConfigCommand.Resume.class, ConfigCommand.NextGroup.class, ConfigCommand.Halt.class,
        ConfigCommand.Rollback.class, ConfigCommand.Key.class})
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
      description = "Store a config document (YAML or JSON) as the next version and roll it out in groups.")
  static final class Push extends Base {
    @Option(names = "--file", required = true, description = "the document: keys of docs/configuration.md (.yaml, .yml, .json)")
    Path file;

    @Option(names = "--canary", split = ",", description = "devices of the first group")
    List<String> canary = List.of();

    @Option(names = "--groups", split = ",", defaultValue = "100%",
        description = "sizes of the later groups: a count (5) or a cumulative percentage (50%%); devices left over "
            + "form a last group (default ${DEFAULT-VALUE})")
    List<String> groups;

    @Option(names = "--success-threshold", defaultValue = "100",
        description = "%% of a group applied that starts the next group (default ${DEFAULT-VALUE})")
    int successThreshold;

    @Option(names = "--error-threshold", defaultValue = "0",
        description = "refusals tolerated before the rollout pauses: a count (0) or a percentage (10%%) "
            + "(default ${DEFAULT-VALUE})")
    String errorThreshold;

    @Option(names = "--region", description = "only devices of this region (GB/T 2260 prefix: 44, 4401, 440106)")
    String region;

    @Option(names = "--kind", split = ",", description = "only terminals of these kinds (KIOSK, BANK_TERMINAL)")
    List<String> kinds = List.of();

    @Option(names = "--agent-version", description = "only agents of this version: 0.2.0, >=0.2.0, <0.3")
    String agentVersion;

    @Option(names = "--approval", description = "wait for a second operator's approval before publishing")
    boolean approval;

    @Option(names = "--window", description = "publish only in this local-time window of the fleet's zone: 18:00-08:00")
    String window;

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
      JsonObject body;
      try {
        body = planBody(canary, groups, successThreshold, errorThreshold, region, kinds, agentVersion, approval, window);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
      body.put("document", new JsonObject(doc.toString())).put("note", note);
      return call("POST", "/api/config/push", body);
    }
  }

  /** The plan members of a push body from the options (docs/rollouts.md). */
  static JsonObject planBody(List<String> canary, List<String> groups, int successThreshold, String errorThreshold,
      String region, List<String> kinds, String agentVersion, boolean approval, String window) {
    JsonArray g = new JsonArray();
    for (String size : groups) {
      g.add(size(size.strip(), "--groups"));
    }
    JsonObject filter = new JsonObject();
    if (region != null) {
      filter.put("region", region);
    }
    if (!kinds.isEmpty()) {
      filter.put("kinds", new JsonArray(kinds.stream().map(k -> k.strip().toUpperCase(java.util.Locale.ROOT)).toList()));
    }
    if (agentVersion != null) {
      filter.put("agentVersion", agentVersion);
    }
    JsonObject body = new JsonObject()
        .put("filter", filter)
        .put("canary", new JsonArray(canary))
        .put("groups", g)
        .put("successThreshold", successThreshold)
        .put("errorThreshold", size(errorThreshold.strip(), "--error-threshold"))
        .put("approval", approval);
    if (window != null) {
      String[] fromTo = window.split("-", 2);
      if (fromTo.length != 2) {
        throw new IllegalArgumentException("--window: must be FROM-TO in local time, such as 18:00-08:00");
      }
      body.put("window", new JsonObject().put("from", fromTo[0].strip()).put("to", fromTo[1].strip()));
    }
    return body;
  }

  /** {@code 5} → {@code {"count": 5}}, {@code 50%} → {@code {"percent": 50}}. */
  private static JsonObject size(String s, String option) {
    try {
      return s.endsWith("%") ? new JsonObject().put("percent", Integer.parseInt(s.substring(0, s.length() - 1).strip()))
          : new JsonObject().put("count", Integer.parseInt(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": '" + s + "' is neither a count (5) nor a percentage (50%)");
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

  /** A rollout action without a body. */
  abstract static class Action extends Base {
    @Option(names = "--rollout", required = true, description = "rollout id")
    String rollout;

    abstract String action();

    @Override
    public Integer call() {
      return call("POST", "/api/rollouts/" + rollout + "/" + action(), new JsonObject());
    }
  }

  /** A rollout action with a reason. */
  abstract static class ReasonedAction extends Action {
    @Option(names = "--reason", defaultValue = "", description = "why, for the record")
    String reason;

    @Override
    public Integer call() {
      return call("POST", "/api/rollouts/" + rollout + "/" + action(), new JsonObject().put("reason", reason));
    }
  }

  /** {@code config approve}: approve a rollout another operator created. */
  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve a rollout that waits for approval (not one you created).")
  static final class Approve extends Action {
    @Override
    String action() {
      return "approve";
    }
  }

  /** {@code config pause}: stop publishing until resumed. */
  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a running rollout.")
  static final class Pause extends ReasonedAction {
    @Override
    String action() {
      return "pause";
    }
  }

  /** {@code config resume}: go on after a pause (the refusals so far are forgiven). */
  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout.")
  static final class Resume extends Action {
    @Override
    String action() {
      return "resume";
    }
  }

  /** {@code config next-group}: publish the next group now. */
  @Command(name = "next-group", mixinStandardHelpOptions = true,
      description = "Start the next group now, whatever the success threshold says (the window still holds).")
  static final class NextGroup extends Action {
    @Override
    String action() {
      return "next-group";
    }
  }

  /** {@code config halt}: stop a rollout for good. */
  @Command(name = "halt", mixinStandardHelpOptions = true, description = "Halt a rollout for good: no further group.")
  static final class Halt extends ReasonedAction {
    @Override
    String action() {
      return "halt";
    }
  }

  /** {@code config rollback}: the devices a rollout touched go back to their last-known-good config. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Roll the devices a rollout touched back to their last-known-good config (a new rollout).")
  static final class Rollback extends Action {
    @Override
    String action() {
      return "rollback";
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
