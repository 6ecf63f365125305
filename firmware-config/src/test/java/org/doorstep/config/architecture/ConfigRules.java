package org.doorstep.config.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.doorstep.config.testing.architecture.ArchitectureRules;

/**
 * firmware-config's structural rules, as factories over a root package so that {@link ArchitectureTest}
 * applies them to the module's main code and {@link ArchitectureRulesCanFailTest} proves each one catches a
 * planted violation (fixtures under {@code architecture.fixture}). The rules every module shares (cycles,
 * imports) are {@link ArchitectureRules}, which this module publishes in its test-jar.
 *
 * <p>The published API is every package but {@code cli} and {@code internal} (STYLE.md, API shape).
 */
final class ConfigRules {
  private ConfigRules() {}

  /** Packages (relative to the root, subpackages included) that are not API. */
  static final List<String> NOT_API = List.of("cli", "internal");

  /** No class under {@code root} depends on a class under any of {@code forbidden}. */
  static ArchRule neverImports(String root, String... forbidden) {
    return ArchitectureRules.neverImports(root,
        "firmware-config is the contract both sides depend on; it depends on neither (STYLE.md, Layout)", forbidden);
  }

  /** Whether {@code c} (an array's component type) is under {@code root} but not in an API package. */
  static boolean isNotApi(String root, JavaClass c) {
    JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
    String p = base.getPackageName();
    return NOT_API.stream().map(n -> root + "." + n).anyMatch(n -> p.equals(n) || p.startsWith(n + "."));
  }

  /** Whether {@code c} is under {@code root} in an API package. */
  static boolean isApi(String root, JavaClass c) {
    String p = c.getPackageName();
    return (p.equals(root) || p.startsWith(root + ".")) && !isNotApi(root, c);
  }

  /** No API class depends on {@code cli}: the command line is built on the API, never the other way. */
  static ArchRule apiDoesNotUseTheCli(String root) {
    return noClasses().that(DescribedPredicate.describe("are API of " + root, c -> isApi(root, c)))
        .should().dependOnClassesThat().resideInAPackage(root + ".cli..")
        .because("cli/ is not API: the API must work without it");
  }

  /**
   * The API's public signatures name only API types: a public class's supertypes and its public or
   * protected fields, methods and constructors (parameters, return and field types) never mention a type in
   * {@code cli} or {@code internal}, which a client cannot rely on.
   */
  static ArchRule apiSignaturesExposeNoInternals(String root) {
    return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that(DescribedPredicate.describe("are public API of " + root,
            c -> isApi(root, c) && c.getModifiers().contains(JavaModifier.PUBLIC)))
        .should(new ArchCondition<JavaClass>("expose no type of " + NOT_API + " in public signatures") {
          @Override
          public void check(JavaClass c, ConditionEvents events) {
            List<String> leaks = new ArrayList<>();
            c.getRawSuperclass().filter(s -> isNotApi(root, s)).ifPresent(s -> leaks.add("extends " + s.getName()));
            c.getRawInterfaces().stream().filter(i -> isNotApi(root, i)).forEach(i -> leaks.add("implements " + i.getName()));
            for (JavaMember m : c.getMembers()) {
              if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                continue;
              }
              if (m instanceof com.tngtech.archunit.core.domain.JavaField f && isNotApi(root, f.getRawType())) {
                leaks.add(f.getFullName() + " has type " + f.getRawType().getName());
              }
              if (m instanceof com.tngtech.archunit.core.domain.JavaCodeUnit u) {
                if (isNotApi(root, u.getRawReturnType())) {
                  leaks.add(u.getFullName() + " returns " + u.getRawReturnType().getName());
                }
                u.getRawParameterTypes().stream().filter(t -> isNotApi(root, t))
                    .forEach(t -> leaks.add(u.getFullName() + " takes " + t.getName()));
              }
            }
            leaks.forEach(l -> events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + l)));
          }
        })
        .allowEmptyShould(true)
        .because("everything but cli/ and internal/ is public API; a client must never need the rest");
  }

  /**
   * When the module has a {@code module-info}: the packages it exports are exactly the API packages (every
   * package but {@link #NOT_API}, which stay unexported).
   *
   * @return what is wrong; empty when the exports match
   */
  static List<String> exportMismatches(String root, ModuleDescriptor module, Set<String> packages) {
    Set<String> exported = new TreeSet<>();
    module.exports().stream().filter(e -> !e.isQualified()).forEach(e -> exported.add(e.source()));
    List<String> wrong = new ArrayList<>();
    for (String p : new TreeSet<>(packages)) {
      boolean api = NOT_API.stream().map(n -> root + "." + n).noneMatch(n -> p.equals(n) || p.startsWith(n + "."));
      if (api && !exported.contains(p)) {
        wrong.add(p + ": API package not exported");
      } else if (!api && exported.contains(p)) {
        wrong.add(p + ": exported, but " + NOT_API + " are not API");
      }
    }
    return wrong;
  }
}
