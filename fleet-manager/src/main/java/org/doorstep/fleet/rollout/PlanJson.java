package org.doorstep.fleet.rollout;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.doorstep.fleet.rollout.RolloutPlan.ErrorThreshold;
import org.doorstep.fleet.rollout.RolloutPlan.GroupSize;
import org.doorstep.fleet.rollout.RolloutPlan.MaintenanceWindow;
import org.doorstep.fleet.rollout.RolloutPlan.TargetFilter;
import org.doorstep.fleet.rollout.RolloutPlan.VersionConstraint;

/**
 * A {@link RolloutPlan} as JSON: what {@code POST /api/rollouts} takes, what the store keeps
 * ({@code config_rollouts.plan}) and what the API shows, one shape for all three (docs/rollouts.md):
 *
 * <pre>{@code
 * {"filter": {"region": "4401", "kinds": ["KIOSK"], "agentVersion": ">=0.1.0", "devices": ["kiosk-7"]},
 *  "canary": ["kiosk-1"], "groups": [{"count": 5}, {"percent": 50}, {"percent": 100}],
 *  "successThreshold": 90, "errorThreshold": {"count": 0} | {"percent": 10}, "approval": true,
 *  "window": {"from": "18:00", "to": "08:00", "days": ["MON", "TUE"], "zone": "Asia/Shanghai"}}
 * }</pre>
 * Every member is optional. Plans stored before store version 9 ({@code canary}, {@code waves} of cumulative
 * percentages, {@code region}, {@code maxRefusals}) are read by {@link #fromStored}; the API refuses those
 * members and names their replacement.
 */
public final class PlanJson {
  /** The plan members before store version 9, and what replaced each. */
  private static final Map<String, String> REPLACED = Map.of(
      "waves", "groups: [{\"percent\": 10}, {\"percent\": 100}]",
      "maxRefusals", "errorThreshold: {\"count\": 0}",
      "region", "filter: {\"region\": \"44\"}");

  private PlanJson() {}

  /** The plan as JSON (the canonical shape: every member present except an absent window). */
  public static JsonObject toJson(RolloutPlan p) {
    TargetFilter f = p.filter();
    JsonObject filter = new JsonObject();
    f.region().ifPresent(r -> filter.put("region", r));
    if (!f.kinds().isEmpty()) {
      filter.put("kinds", new JsonArray(List.copyOf(f.kinds())));
    }
    f.agentVersion().ifPresent(v -> filter.put("agentVersion", v.toString()));
    if (!f.devices().isEmpty()) {
      filter.put("devices", new JsonArray(List.copyOf(f.devices())));
    }
    JsonArray groups = new JsonArray();
    for (GroupSize g : p.groups()) {
      groups.add(g instanceof GroupSize.Count c ? new JsonObject().put("count", c.devices())
          : new JsonObject().put("percent", ((GroupSize.Percent) g).percent()));
    }
    JsonObject errors = p.errorThreshold() instanceof ErrorThreshold.Count c
        ? new JsonObject().put("count", c.refusals())
        : new JsonObject().put("percent", ((ErrorThreshold.Percent) p.errorThreshold()).percent());
    JsonObject j = new JsonObject()
        .put("filter", filter)
        .put("canary", new JsonArray(p.canary()))
        .put("groups", groups)
        .put("successThreshold", p.successThreshold())
        .put("errorThreshold", errors)
        .put("approval", p.approvalRequired());
    p.window().ifPresent(w -> {
      JsonArray days = new JsonArray();
      if (w.days().size() < 7) {
        w.days().forEach(d -> days.add(d.name().substring(0, 3)));
      }
      JsonObject wj = new JsonObject().put("from", w.from().toString()).put("to", w.to().toString())
          .put("zone", w.zone().getId());
      if (!days.isEmpty()) {
        wj.put("days", days);
      }
      j.put("window", wj);
    });
    return j;
  }

  /**
   * A plan from the API.
   *
   * @param zone the zone of a window that names none (the fleet's, {@code rollouts.zone})
   * @throws IllegalArgumentException naming the member at fault
   */
  public static RolloutPlan fromJson(JsonObject j, ZoneId zone) {
    for (Map.Entry<String, String> e : REPLACED.entrySet()) {
      if (j.containsKey(e.getKey())) {
        throw new IllegalArgumentException(e.getKey() + ": no longer part of a rollout plan; use " + e.getValue());
      }
    }
    return parse(j, zone);
  }

  /** A plan as stored (this shape, or the one before store version 9). */
  public static RolloutPlan fromStored(String json) {
    JsonObject j = new JsonObject(json);
    if (j.containsKey("waves") || j.containsKey("maxRefusals") || j.containsKey("region")) {
      JsonObject upgraded = j.copy();
      JsonArray waves = (JsonArray) upgraded.remove("waves");
      if (waves != null) {
        JsonArray groups = new JsonArray();
        waves.forEach(w -> groups.add(new JsonObject().put("percent", w)));
        upgraded.put("groups", groups);
      }
      Object max = upgraded.remove("maxRefusals");
      if (max != null) {
        upgraded.put("errorThreshold", new JsonObject().put("count", max));
      }
      Object region = upgraded.remove("region");
      if (region != null) {
        upgraded.put("filter", new JsonObject().put("region", region));
      }
      j = upgraded;
    }
    return parse(j, ZoneId.of("UTC"));
  }

  private static RolloutPlan parse(JsonObject j, ZoneId zone) {
    JsonObject f = object(j, "filter");
    TargetFilter filter = f == null ? TargetFilter.all()
        : new TargetFilter(Optional.ofNullable(string(f, "filter.region")), Set.copyOf(strings(f, "kinds", "filter.kinds")),
            Optional.ofNullable(string(f, "filter.agentVersion")).map(VersionConstraint::parse),
            Set.copyOf(strings(f, "devices", "filter.devices")));
    List<String> canary = strings(j, "canary", "canary");
    List<GroupSize> groups = new ArrayList<>();
    JsonArray g = array(j, "groups");
    if (g != null) {
      for (int i = 0; i < g.size(); i++) {
        if (!(g.getValue(i) instanceof JsonObject o) || o.size() != 1
            || !(o.containsKey("count") || o.containsKey("percent"))) {
          throw new IllegalArgumentException("groups[" + i + "]: must be {\"count\": n} or {\"percent\": p}");
        }
        groups.add(o.containsKey("count") ? new GroupSize.Count(integer(o, "count", "groups[" + i + "].count"))
            : new GroupSize.Percent(integer(o, "percent", "groups[" + i + "].percent")));
      }
    }
    Integer success = j.containsKey("successThreshold") ? integer(j, "successThreshold", "successThreshold") : 100;
    ErrorThreshold errors = new ErrorThreshold.Count(0);
    JsonObject e = object(j, "errorThreshold");
    if (e != null) {
      if (e.size() != 1 || !(e.containsKey("count") || e.containsKey("percent"))) {
        throw new IllegalArgumentException("errorThreshold: must be {\"count\": n} or {\"percent\": p}");
      }
      errors = e.containsKey("count") ? new ErrorThreshold.Count(integer(e, "count", "errorThreshold.count"))
          : new ErrorThreshold.Percent(integer(e, "percent", "errorThreshold.percent"));
    }
    Object approval = j.getValue("approval");
    if (approval != null && !(approval instanceof Boolean)) {
      throw new IllegalArgumentException("approval: must be true or false");
    }
    JsonObject w = object(j, "window");
    Optional<MaintenanceWindow> window = w == null ? Optional.empty() : Optional.of(window(w, zone));
    return new RolloutPlan(filter, canary, groups, success, errors, Boolean.TRUE.equals(approval), window);
  }

  private static MaintenanceWindow window(JsonObject w, ZoneId zone) {
    LocalTime from = time(w, "from");
    LocalTime to = time(w, "to");
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : strings(w, "days", "window.days")) {
      days.add(day(d));
    }
    ZoneId z = zone;
    String zs = string(w, "window.zone");
    if (zs != null) {
      try {
        z = ZoneId.of(zs);
      } catch (DateTimeException ex) {
        throw new IllegalArgumentException("window.zone: not a time zone (Asia/Shanghai), was '" + zs + "'");
      }
    }
    return new MaintenanceWindow(from, to, days, z);
  }

  private static DayOfWeek day(String d) {
    String u = d.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(u) || day.name().substring(0, 3).equals(u)) {
        return day;
      }
    }
    throw new IllegalArgumentException("window.days: '" + d + "' is not a day (MON … SUN)");
  }

  private static LocalTime time(JsonObject w, String name) {
    String t = string(w, "window." + name);
    if (t == null) {
      throw new IllegalArgumentException("window." + name + ": is required (local time, 18:00)");
    }
    try {
      return LocalTime.parse(t.strip());
    } catch (DateTimeParseException ex) {
      throw new IllegalArgumentException("window." + name + ": must be a local time such as 18:00, was '" + t + "'");
    }
  }

  private static JsonObject object(JsonObject j, String name) {
    Object v = j.getValue(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw new IllegalArgumentException(name + ": must be an object");
    }
    return o;
  }

  private static JsonArray array(JsonObject j, String name) {
    Object v = j.getValue(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      throw new IllegalArgumentException(name + ": must be a list");
    }
    return a;
  }

  private static String string(JsonObject j, String path) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    Object v = j.getValue(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(path + ": must be a string");
    }
    return s;
  }

  private static List<String> strings(JsonObject j, String name, String path) {
    JsonArray a = array(j, name);
    if (a == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!(a.getValue(i) instanceof String s)) {
        throw new IllegalArgumentException(path + ": must be a list of strings");
      }
      out.add(s);
    }
    if (new LinkedHashSet<>(out).size() != out.size() && !"canary".equals(path)) {
      throw new IllegalArgumentException(path + ": lists an entry twice");
    }
    return out;
  }

  private static int integer(JsonObject j, String name, String path) {
    Object v = j.getValue(name);
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
      throw new IllegalArgumentException(path + ": must be an integer");
    }
    return ((Number) v).intValue();
  }
}
