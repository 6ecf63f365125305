package org.doorstep.fleet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.doorstep.config.testing.architecture.ArchitectureRules;

/**
 * The fleet's structural rules, as factories over a root package so that {@link ArchitectureTest} applies
 * them to the fleet's main code and {@link ArchitectureRulesCanFailTest} proves each one catches a planted
 * violation (fixtures under {@code architecture.fixture}). The rules every module shares (cycles, imports,
 * purity) are firmware-config's {@link ArchitectureRules} (its test-jar); this class says what they apply to in
 * the fleet.
 */
final class FleetRules {
  private FleetRules() {}

  /**
   * Packages of rule logic without I/O (relative to the fleet's root package, subpackages included): plain
   * state machines and values. Add each rule package a later issue brings here: {@code "cases"},
   * {@code "eligibility"}. The alarm rules live apart from their adapters ({@code alarms.rules}): the fleet
   * config builds their thresholds, and the adapters depend on web and operators, which depend on the config.
   */
  static final List<String> PURE_PACKAGES = List.of("alarms.rules");

  /**
   * Pure classes that share a package with their adapters (relative to the root, nested classes included):
   * the rollout plan. What they need of the fleet must be pure too ({@link #pureNeedsOnlyPure}).
   */
  static final List<String> PURE_CLASSES = List.of("rollout.RolloutPlan");

  /** The pure code under {@code root}: classes in {@code packages} and the {@code classes} (with their nested ones). */
  static DescribedPredicate<JavaClass> pureCode(String root, List<String> packages, List<String> classes) {
    return new DescribedPredicate<>("are pure code " + packages + " " + classes) {
      @Override
      public boolean test(JavaClass javaClass) {
        // An array of a pure type (an enum's values()) is pure.
        JavaClass c = javaClass.isArray() ? javaClass.getBaseComponentType() : javaClass;
        String name = c.getName();
        String pkg = c.getPackageName();
        return packages.stream().map(p -> root + "." + p).anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."))
            || classes.stream().map(k -> root + "." + k).anyMatch(k -> name.equals(k) || name.startsWith(k + "$"));
      }
    };
  }

  /** Pure code: no io.vertx, no Thread, no clock of its own. */
  static ArchRule pure(String root, List<String> packages, List<String> classes) {
    return ArchitectureRules.noVertxNoThreadNoClock(noClasses().that(pureCode(root, packages, classes)),
        "rule logic stays a plain state machine: time arrives in events or as a Clock passed in");
  }

  /** What pure code needs of {@code root} is itself pure code (so the rule covers everything it runs). */
  static ArchRule pureNeedsOnlyPure(String root, List<String> packages, List<String> classes) {
    DescribedPredicate<JavaClass> pure = pureCode(root, packages, classes);
    return noClasses().that(pure)
        .should().dependOnClassesThat(DescribedPredicate.describe("are code of " + root + " that is not pure",
            c -> {
              JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
              String p = base.getPackageName();
              return (p.equals(root) || p.startsWith(root + ".")) && !pure.test(base);
            }))
        .because("a pure class that calls an adapter is no longer testable without I/O");
  }

  /**
   * {@code root.store} imports no other package of {@code root}: the database and its stores serve every
   * feature and depend on none (store/package-info).
   */
  static ArchRule storeImportsNoFeature(String root) {
    return noClasses().that().resideInAPackage(root + ".store..")
        .should().dependOnClassesThat(DescribedPredicate.describe("are in another package of " + root,
            c -> c.getPackageName().startsWith(root) && !c.getPackageName().startsWith(root + ".store")))
        .because("the store is the bottom layer: features depend on it, never the other way");
  }
}
