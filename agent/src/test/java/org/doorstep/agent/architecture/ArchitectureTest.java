package org.doorstep.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.doorstep.agent.AgentVerticle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's structure enforces itself (STYLE.md, Layout): its main code, read from the compiled classes. Each
 * rule is shown to catch a planted violation in {@link ArchitectureRulesCanFailTest}.
 */
class ArchitectureTest {
  static final String AGENT = "org.doorstep.agent";
  private static JavaClasses agent;

  @BeforeAll
  static void importAgentMainCode() throws URISyntaxException {
    // The agent's own class folder (or jar), not a scan of the whole classpath for the package: seconds faster.
    Path mainClasses = Path.of(AgentVerticle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    agent = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPath(mainClasses);
    assertThat(agent.containPackage(AGENT + ".session")).as("agent main classes in " + mainClasses).isTrue();
  }

  @Test
  void agent_packages_are_free_of_cycles() {
    AgentRules.noPackageCycles(AGENT).check(agent);
  }

  @Test
  void agent_main_code_never_imports_the_fleet() {
    AgentRules.neverImports(AGENT, "org.doorstep.fleet").check(agent);
  }

  @Test
  void pure_packages_use_no_vertx_no_thread_and_no_clock_of_their_own() {
    AgentRules.pure(AGENT, AgentRules.PURE_PACKAGES).check(agent);
  }

  @Test
  void model_imports_nothing_of_the_agent() {
    AgentRules.modelImportsNothingOfOurs(AGENT).check(agent);
  }
}
