package org.doorstep.fleet.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.doorstep.config.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet's structure enforces itself (STYLE.md, Layout): its main code, read from the compiled classes.
 * Each rule is shown to catch a planted violation in {@link ArchitectureRulesCanFailTest}.
 */
class ArchitectureTest {
  static final String FLEET = "org.doorstep.fleet";
  private static JavaClasses fleet;

  @BeforeAll
  static void importFleetMainCode() {
    fleet = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(FLEET);
  }

  @Test
  void fleet_packages_are_free_of_cycles() {
    ArchitectureRules.noPackageCycles(FLEET).check(fleet);
  }

  @Test
  void fleet_main_code_never_imports_the_agent() {
    ArchitectureRules.neverImports(FLEET,
        ArchitectureRules.SERVICES_NEVER_IMPORT_EACH_OTHER, "org.doorstep.agent").check(fleet);
  }

  @Test
  void pure_code_uses_no_vertx_no_thread_and_no_clock_of_its_own() {
    FleetRules.pure(FLEET, FleetRules.PURE_PACKAGES, FleetRules.PURE_CLASSES).check(fleet);
  }

  @Test
  void pure_code_needs_only_pure_code_of_the_fleet() {
    FleetRules.pureNeedsOnlyPure(FLEET, FleetRules.PURE_PACKAGES, FleetRules.PURE_CLASSES).check(fleet);
  }

  @Test
  void store_imports_no_feature_package() {
    FleetRules.storeImportsNoFeature(FLEET).check(fleet);
  }
}
