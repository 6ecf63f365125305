package org.doorstep.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.time.Clock;
import java.util.List;

/**
 * The agent's structural rules, as factories over a root package so that {@link ArchitectureTest} applies them to
 * the agent and {@link ArchitectureRulesCanFailTest} proves each one catches a planted violation (fixtures under
 * {@code architecture.fixture}).
 */
final class AgentRules {
  private AgentRules() {}

  /**
   * Packages that hold logic without I/O: plain state machines and values. They import no Vert.x and no
   * {@link Thread}, and read no clock except one passed in. Add each rule package a later issue brings
   * (relative to the agent's root package, subpackages included).
   */
  static final List<String> PURE_PACKAGES = List.of("session", "vision.liveness", "model");

  /** What {@code model} may depend on: itself, the JDK and firmware-config's contract values. */
  static final List<String> MODEL_MAY_USE = List.of("java..", "org.doorstep.config.contract..");

  /** Every package under {@code root} (each package its own slice, the root package included) is free of cycles. */
  static ArchRule noPackageCycles(String root) {
    return slices().assignedFrom(new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String p = javaClass.getPackageName();
        return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "every package of " + root;
      }
    }).should().beFreeOfCycles();
  }

  /** No class under {@code root} depends on a class under {@code forbidden} (the agent never on the fleet). */
  static ArchRule neverImports(String root, String forbidden) {
    return noClasses().that().resideInAPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage(forbidden + "..")
        .because("agent and fleet-manager depend on firmware-config, never on each other (STYLE.md, Layout)");
  }

  /** The {@link #PURE_PACKAGES} (or the given ones) under {@code root}: no io.vertx, no Thread, no clock of their own. */
  static ArchRule pure(String root, List<String> packages) {
    String[] patterns = packages.stream().map(p -> root + "." + p + "..").toArray(String[]::new);
    return noClasses().that().resideInAnyPackage(patterns)
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().callCodeUnitWhere(READS_THE_CLOCK)
        .because("logic without I/O stays a plain state machine: time arrives in events or as a Clock passed in");
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

  /**
   * A call that reads the system clock: any {@code java.time} {@code now(…)} without a {@link Clock} argument,
   * {@code Clock.system*()}, {@code InstantSource.system()}, {@code System.currentTimeMillis()/nanoTime()} and
   * {@code new Date()}.
   */
  static final DescribedPredicate<JavaCall<?>> READS_THE_CLOCK =
      new DescribedPredicate<>("read the system clock (Instant.now(), LocalDateTime.now(), "
          + "System.currentTimeMillis/nanoTime, Clock.system*, new Date()) instead of a clock passed in") {
        @Override
        public boolean test(JavaCall<?> call) {
          String owner = call.getTarget().getOwner().getName();
          String name = call.getTarget().getName();
          List<JavaClass> params = call.getTarget().getRawParameterTypes();
          if (owner.startsWith("java.time.") && name.equals("now")) {
            return params.stream().noneMatch(p -> p.isEquivalentTo(Clock.class));
          }
          if ((owner.equals("java.time.Clock") || owner.equals("java.time.InstantSource"))
              && name.startsWith("system")) {
            return true;
          }
          if (owner.equals("java.lang.System")) {
            return name.equals("currentTimeMillis") || name.equals("nanoTime");
          }
          return owner.equals("java.util.Date") && name.equals("<init>") && params.isEmpty();
        }
      };
}
