package org.doorstep.fleet.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.doorstep.config.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureTest} catches a planted violation (fixtures in {@code architecture.fixture}). */
class ArchitectureRulesCanFailTest {
  private static final String FIXTURE = "org.doorstep.fleet.architecture.fixture";

  private static JavaClasses fixture(String... subs) {
    return new ClassFileImporter().importPackages(java.util.Arrays.stream(subs).map(s -> FIXTURE + "." + s)
        .toArray(String[]::new));
  }

  @Test
  void cycle_rule_reports_a_two_package_cycle() {
    EvaluationResult r = ArchitectureRules.noPackageCycles(FIXTURE).evaluate(fixture("cycle"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains(FIXTURE + ".cycle.a").contains(FIXTURE + ".cycle.b");
  }

  @Test
  void import_rule_reports_a_dependency_on_the_forbidden_package() {
    EvaluationResult r = ArchitectureRules.neverImports(FIXTURE + ".importer",
        ArchitectureRules.SERVICES_NEVER_IMPORT_EACH_OTHER, FIXTURE + ".forbidden")
        .evaluate(fixture("importer"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("Importer").contains("Forbidden");
  }

  @Test
  void purity_rule_reports_vertx_thread_and_each_clock_read() {
    EvaluationResult r = FleetRules.pure(FIXTURE, List.of("pure"), List.of()).evaluate(fixture("pure"));
    String report = r.getFailureReport().toString();
    assertThat(report).contains("UsesVertx").contains("io.vertx.core.Future");
    assertThat(report).contains("StartsAThread").contains("java.lang.Thread");
    assertThat(report).contains("ReadsTheClock").contains("Instant.now()");
    assertThat(report).contains("ReadsCurrentTimeMillis").contains("System.currentTimeMillis()");
  }

  @Test
  void purity_rule_covers_a_pure_class_named_in_an_impure_package() {
    EvaluationResult r = FleetRules.pure(FIXTURE, List.of(), List.of("pure.ReadsTheClock"))
        .evaluate(fixture("pure"));
    String report = r.getFailureReport().toString();
    assertThat(report).contains("ReadsTheClock").doesNotContain("UsesVertx").doesNotContain("StartsAThread");
  }

  @Test
  void purity_rules_accept_a_clock_passed_in_and_nested_classes() {
    JavaClasses clean = fixture("clean");
    EvaluationResult pure = FleetRules.pure(FIXTURE, List.of(), List.of("clean.Plan")).evaluate(clean);
    EvaluationResult needs = FleetRules.pureNeedsOnlyPure(FIXTURE, List.of(), List.of("clean.Plan")).evaluate(clean);
    assertThat(pure.hasViolation()).as(pure.getFailureReport().toString()).isFalse();
    assertThat(needs.hasViolation()).as(needs.getFailureReport().toString()).isFalse();
  }

  @Test
  void needs_rule_reports_a_pure_class_calling_an_adapter() {
    EvaluationResult r = FleetRules.pureNeedsOnlyPure(FIXTURE, List.of(), List.of("needsimpure.Plan"))
        .evaluate(fixture("needsimpure"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("Plan").contains("Adapter");
  }

  @Test
  void store_rule_reports_a_store_importing_a_feature() {
    EvaluationResult r = FleetRules.storeImportsNoFeature(FIXTURE).evaluate(fixture("store", "forbidden"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("Store").contains("Forbidden");
  }
}
