package org.doorstep.config.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.doorstep.config.contract.Topics;
import org.doorstep.config.testing.architecture.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * firmware-config's structure enforces itself (STYLE.md, Layout and API shape): its main code, read from the
 * compiled classes. Each rule is shown to catch a planted violation in {@link ArchitectureRulesCanFailTest}.
 */
class ArchitectureTest {
  static final String CONFIG = "org.doorstep.config";
  private static JavaClasses config;

  @BeforeAll
  static void importMainCode() {
    config = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(CONFIG);
  }

  @Test
  void packages_are_free_of_cycles() {
    ArchitectureRules.noPackageCycles(CONFIG).check(config);
  }

  @Test
  void main_code_imports_neither_the_agent_nor_the_fleet() {
    ConfigRules.neverImports(CONFIG, "org.doorstep.agent", "org.doorstep.fleet").check(config);
  }

  @Test
  void api_does_not_use_the_cli() {
    ConfigRules.apiDoesNotUseTheCli(CONFIG).check(config);
  }

  @Test
  void api_signatures_expose_no_cli_or_internal_type() {
    ConfigRules.apiSignaturesExposeNoInternals(CONFIG).check(config);
  }

  /** Today there is no module-info (the module runs on the class path); once there is one, it must export the API. */
  @Test
  void module_info_if_present_exports_exactly_the_api() throws Exception {
    URL classes = Topics.class.getProtectionDomain().getCodeSource().getLocation();
    Path moduleInfo = Path.of(classes.toURI()).resolve("module-info.class");
    if (!Files.exists(moduleInfo)) {
      return;
    }
    ModuleDescriptor module;
    try (InputStream in = Files.newInputStream(moduleInfo)) {
      module = ModuleDescriptor.read(in);
    }
    Set<String> packages = config.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    assertThat(ConfigRules.exportMismatches(CONFIG, module, packages)).isEmpty();
  }
}
