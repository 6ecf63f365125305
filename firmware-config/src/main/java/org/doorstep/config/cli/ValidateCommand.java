package org.doorstep.config.cli;

import java.nio.file.Path;
import java.util.Map;
import org.doorstep.config.profile.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code validate <config>}: prints {@code OK}, or every violation and exits 1. */
@Command(name = "validate", description = "Check a config file (YAML or JSON) over the built-in defaults.")
final class ValidateCommand extends CliCommand {
  @Parameters(paramLabel = "<config>", description = "config file: .yaml, .yml or .json")
  Path config;

  @Option(names = "--with-env", description = "also apply DOORSTEP_* environment overrides, as the agent does")
  boolean withEnv;

  @Override
  int execute() {
    ConfigLoader loader = new ConfigLoader(withEnv ? System.getenv() : Map.of());
    loader.load(config); // throws ConfigException with every violation
    out().println("OK");
    return ConfigCli.OK;
  }

  @Override
  public String toString() {
    return "validate " + config;
  }
}
