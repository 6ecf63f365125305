package org.doorstep.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.doorstep.config.testing.architecture.ArchitectureRules;

/**
 * The agent's structural rules, as factories over a root package so that {@link ArchitectureTest} applies them to
 * the agent and {@link ArchitectureRulesCanFailTest} proves each one catches a planted violation (fixtures under
 * {@code architecture.fixture}). The rules every module shares (cycles, imports, purity) are firmware-config's
 * {@link ArchitectureRules} (its test-jar); this class says what they apply to in the agent.
 */
final class AgentRules {
  private AgentRules() {}

  /**
   * Packages that hold logic without I/O: plain state machines and values. They import no Vert.x and no
   * {@link Thread}, and read no clock except one passed in. Add each rule package a later issue brings
   * (relative to the agent's root package, subpackages included).
   */
  static final List<String> PURE_PACKAGES = List.of("session", "vision.liveness", "vision.document.autocapture", "model",
      "screen.flow");

  /** What {@code model} may depend on: itself, the JDK and firmware-config's contract values. */
  static final List<String> MODEL_MAY_USE = List.of("java..", "org.doorstep.config.contract..");

  /** The {@link #PURE_PACKAGES} (or the given ones) under {@code root}: no io.vertx, no Thread, no clock of their own. */
  static ArchRule pure(String root, List<String> packages) {
    String[] patterns = packages.stream().map(p -> root + "." + p + "..").toArray(String[]::new);
    return ArchitectureRules.noVertxNoThreadNoClock(noClasses().that().resideInAnyPackage(patterns),
        "logic without I/O stays a plain state machine: time arrives in events or as a Clock passed in");
  }

  /** {@code root.model} imports nothing of ours: only itself, the JDK and firmware-config's contract values. */
  static ArchRule modelImportsNothingOfOurs(String root) {
    String[] allowed = new String[MODEL_MAY_USE.size() + 1];
    allowed[0] = root + ".model..";
    for (int i = 0; i < MODEL_MAY_USE.size(); i++) {
      allowed[i + 1] = MODEL_MAY_USE.get(i);
    }
    return classes().that().resideInAPackage(root + ".model..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
        .because("the values the workflow and the devices share must not tie them to each other");
  }

}
