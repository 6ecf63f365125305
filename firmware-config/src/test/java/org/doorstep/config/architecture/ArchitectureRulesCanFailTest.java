package org.doorstep.config.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.lang.module.ModuleDescriptor;
import java.util.Arrays;
import java.util.Set;
import org.doorstep.config.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ArchitectureTest} catches a planted violation (fixtures in {@code architecture.fixture}). */
class ArchitectureRulesCanFailTest {
  private static final String FIXTURE = "org.doorstep.config.architecture.fixture";

  private static JavaClasses fixture(String... subs) {
    return new ClassFileImporter().importPackages(Arrays.stream(subs).map(s -> FIXTURE + "." + s).toArray(String[]::new));
  }

  @Test
  void cycle_rule_reports_a_two_package_cycle() {
    EvaluationResult r = ArchitectureRules.noPackageCycles(FIXTURE).evaluate(fixture("cycle"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains(FIXTURE + ".cycle.a").contains(FIXTURE + ".cycle.b");
  }

  @Test
  void import_rule_reports_a_dependency_on_a_forbidden_package() {
    EvaluationResult r = ConfigRules.neverImports(FIXTURE + ".importer", "org.doorstep.agent", FIXTURE + ".forbidden")
        .evaluate(fixture("importer"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("Importer").contains("Forbidden");
  }

  @Test
  void cli_rule_reports_an_api_class_using_the_cli() {
    EvaluationResult r = ConfigRules.apiDoesNotUseTheCli(FIXTURE).evaluate(fixture("api", "cli", "internal"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("LeakyApi").contains("Tool");
  }

  @Test
  void signature_rule_reports_an_internal_type_in_a_public_method() {
    EvaluationResult r = ConfigRules.apiSignaturesExposeNoInternals(FIXTURE).evaluate(fixture("api", "cli", "internal"));
    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("LeakyApi.helper()").contains("returns " + FIXTURE + ".internal.Helper");
  }

  @Test
  void signature_rule_accepts_an_internal_type_used_inside() {
    EvaluationResult r = ConfigRules.apiSignaturesExposeNoInternals(FIXTURE).evaluate(fixture("cleanapi", "internal"));
    assertThat(r.hasViolation()).as(r.getFailureReport().toString()).isFalse();
  }

  @Test
  void export_check_reports_an_unexported_api_package_and_an_exported_internal_one() {
    ModuleDescriptor module = ModuleDescriptor.newModule("org.doorstep.config")
        .exports("org.doorstep.config.contract")
        .exports("org.doorstep.config.internal")
        .build();
    Set<String> packages = Set.of("org.doorstep.config.contract", "org.doorstep.config.crypto",
        "org.doorstep.config.internal", "org.doorstep.config.cli");

    assertThat(ConfigRules.exportMismatches("org.doorstep.config", module, packages)).containsExactly(
        "org.doorstep.config.crypto: API package not exported",
        "org.doorstep.config.internal: exported, but [cli, internal] are not API");
  }
}
