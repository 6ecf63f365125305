package org.doorstep.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.doorstep.config.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureTest} catches a planted violation (fixtures in {@code architecture.fixture}). */
class ArchitectureRulesCanFailTest {
  private static final String FIXTURE = "org.doorstep.agent.architecture.fixture";

  private static JavaClasses fixture(String sub) {
    return new ClassFileImporter().importPackages(FIXTURE + "." + sub);
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
    EvaluationResult r = AgentRules.pure(FIXTURE, List.of("session")).evaluate(fixture("session"));
    String report = r.getFailureReport().toString();
    assertThat(report).contains("UsesVertx").contains("io.vertx.core.Future");
    assertThat(report).contains("StartsAThread").contains("java.lang.Thread");
    assertThat(report).contains("ReadsTheClock").contains("Instant.now()");
    assertThat(report).contains("ReadsNanoTime").contains("System.nanoTime()");
  }

  @Test
  void purity_rule_accepts_a_clock_passed_in() {
    EvaluationResult r = AgentRules.pure(FIXTURE, List.of("clean")).evaluate(fixture("clean"));
    assertThat(r.hasViolation()).as(r.getFailureReport().toString()).isFalse();
  }

  @Test
  void model_rule_reports_an_import_of_another_package_of_ours() {
    EvaluationResult r = AgentRules.modelImportsNothingOfOurs(FIXTURE).evaluate(fixture("model"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("ImportsTheAgent").contains("Forbidden");
  }
}
