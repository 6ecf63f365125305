package org.doorstep.config.testing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * ArchUnit rules shared by the architecture tests of firmware-config, agent and fleet-manager, as factories over
 * a root package (so each module's "can fail" test applies them to planted fixtures as well as to its main code).
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** Why agent and fleet-manager main code never import each other, for {@link #neverImports}. */
  public static final String SERVICES_NEVER_IMPORT_EACH_OTHER =
      "agent and fleet-manager depend on firmware-config, never on each other (STYLE.md, Layout)";

  /** Every package under {@code root} (each package its own slice, the root package included) is free of cycles. */
  public static ArchRule noPackageCycles(String root) {
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

  /**
   * No class under {@code root} depends on a class under any of {@code forbidden} (subpackages included).
   *
   * @param because why, for the failure message
   */
  public static ArchRule neverImports(String root, String because, String... forbidden) {
    String[] patterns = Arrays.stream(forbidden).map(f -> f + "..").toArray(String[]::new);
    return noClasses().that().resideInAPackage(root + "..")
        .should().dependOnClassesThat().resideInAnyPackage(patterns)
        .because(because);
  }

  /**
   * The given classes are pure: they depend on no {@code io.vertx} class, on no {@link Thread}, and call nothing
   * that {@link #READS_THE_CLOCK}.
   *
   * @param pureClasses e.g. {@code noClasses().that().resideInAnyPackage("….session..")}
   * @param because     why, for the failure message
   */
  public static ArchRule noVertxNoThreadNoClock(GivenClassesConjunction pureClasses, String because) {
    return pureClasses
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().callCodeUnitWhere(READS_THE_CLOCK)
        .because(because);
  }

  /**
   * A call that reads the system clock: any {@code java.time} {@code now(…)} without a {@link Clock} argument,
   * {@code Clock.system*()}, {@code InstantSource.system()}, {@code System.currentTimeMillis()/nanoTime()} and
   * {@code new Date()}.
   */
  public static final DescribedPredicate<JavaCall<?>> READS_THE_CLOCK =
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
