package org.doorstep.fleet.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * axe-core (Deque's accessibility engine, WCAG 2.x rules) run in the page under test: the build fetches
 * {@code axe.min.js} with {@code npm pack} (fleet-manager/web-assets/fetch-web-assets.sh) into the folder
 * named by the system property {@value #DIR_PROPERTY}; it is injected by the test, never served by the fleet.
 */
public final class Axe {
  /** System property with the folder holding {@code axe.min.js} (set by the fleet's pom). */
  public static final String DIR_PROPERTY = "doorstep.web.testing.dir";
  /** Impacts that fail a test. */
  public static final Set<String> FAILING = Set.of("serious", "critical");

  private Axe() {}

  /**
   * Runs every axe rule on the page {@code browser} shows and fails the test listing each serious or
   * critical violation (rule, impact, help and the elements).
   *
   * @param page what the page is, for the message
   */
  public static void assertNoSeriousViolations(Browser browser, String page) {
    List<String> found = new ArrayList<>();
    for (Object o : violations(browser)) {
      JsonObject v = (JsonObject) o;
      if (FAILING.contains(v.getString("impact"))) {
        List<String> targets = new ArrayList<>();
        v.getJsonArray("nodes").forEach(n -> targets.add(((JsonObject) n).getJsonArray("target").encode()));
        found.add(v.getString("id") + " (" + v.getString("impact") + "): " + v.getString("help") + " at " + targets);
      }
    }
    if (!found.isEmpty()) {
      fail("axe-core found " + found.size() + " serious or critical violation(s) on " + page + ":\n  "
          + String.join("\n  ", found));
    }
  }

  /** Every violation axe reports on the current page, as its JSON. */
  public static JsonArray violations(Browser browser) {
    browser.driver().executeScript(script());
    Object out = browser.driver().executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {resultTypes: ['violations']})"
            + ".then(r => done(JSON.stringify(r.violations)), e => done('ERROR ' + e));");
    String text = String.valueOf(out);
    if (text.startsWith("ERROR")) {
      fail("axe-core did not run: " + text);
    }
    return new JsonArray(text);
  }

  private static String script() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null) {
      fail("system property " + DIR_PROPERTY + " is not set (the fleet-manager pom sets it for Failsafe)");
    }
    Path file = Path.of(dir, "axe.min.js");
    try {
      return Files.readString(file);
    } catch (IOException e) {
      fail("axe-core is missing at " + file + ": the build fetches it with npm pack "
          + "(fleet-manager/web-assets/fetch-web-assets.sh; needs npm, Debian package 'npm')");
      return null;
    }
  }
}
