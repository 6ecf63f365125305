package org.doorstep.fleet.architecture;

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
 * The fleet's structural rules, as factories over a root package so that {@link ArchitectureTest} applies
 * them to the fleet's main code and {@link ArchitectureRulesCanFailTest} proves each one catches a planted
 * violation (fixtures under {@code architecture.fixture}).
 */
final class FleetRules {
  private FleetRules() {}

  /**
   * Packages of rule logic without I/O (relative to the fleet's root package, subpackages included): plain
   * state machines and values. Add each rule package a later issue brings here: {@code "cases"},
   * {@code "alarms"}, {@code "eligibility"}. Empty while the only pure code is {@link #PURE_CLASSES}.
   */
  static final List<String> PURE_PACKAGES = List.of();

  /**
   * Pure classes that share a package with their adapters (relative to the root, nested classes included):
   * the rollout plan. What they need of the fleet must be pure too ({@link #pureNeedsOnlyPure}).
   */
  static final List<String> PURE_CLASSES = List.of("rollout.RolloutPlan");

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

  /** No class under {@code root} depends on a class under {@code forbidden} (the fleet never on the agent). */
  static ArchRule neverImports(String root, String forbidden) {
    return noClasses().that().resideInAPackage(root + "..")
        .should().dependOnClassesThat().resideInAPackage(forbidden + "..")
        .because("agent and fleet-manager depend on firmware-config, never on each other (STYLE.md, Layout)");
  }

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
    return noClasses().that(pureCode(root, packages, classes))
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().callCodeUnitWhere(READS_THE_CLOCK)
        .because("rule logic stays a plain state machine: time arrives in events or as a Clock passed in");
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
