package org.doorstep.agent.testing.browser;

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
 * axe-core (Deque's accessibility engine) run in the page under test, with WCAG AAA's enhanced contrast rule
 * ({@code color-contrast-enhanced}, 7:1) switched on beside the default rules: the kiosk screen promises 7:1 to
 * elderly residents. The build fetches {@code axe.min.js} with {@code npm pack} (agent/web-testing/fetch-axe.sh,
 * -Pbrowser) into the folder named by the system property {@value #DIR_PROPERTY}; the test injects it, the agent
 * never serves it.
 */
public final class Axe {
  /** System property with the folder holding {@code axe.min.js} (set by the agent's pom). */
  public static final String DIR_PROPERTY = "doorstep.web.testing.dir";
  /** Impacts that fail a test. */
  public static final Set<String> FAILING = Set.of("serious", "critical");

  private Axe() {}

  /** Fails the test listing each serious or critical violation (rule, impact, help, elements) on the page shown. */
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
            + "axe.run(document, {resultTypes: ['violations'], rules: {'color-contrast-enhanced': {enabled: true}}})"
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
      fail("system property " + DIR_PROPERTY + " is not set (the agent pom sets it for Failsafe)");
    }
    Path file = Path.of(dir, "axe.min.js");
    try {
      return Files.readString(file);
    } catch (IOException e) {
      fail("axe-core is missing at " + file + ": the build fetches it with npm pack in the browser profile "
          + "(agent/web-testing/fetch-axe.sh; needs npm, Debian package 'npm')");
      return null;
    }
  }
}
