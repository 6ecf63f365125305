package org.doorstep.config.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code doorstep-config}: check configs, make keys, sign and verify files, build signed config
 * bundles. Runs as {@code java -jar firmware-config/target/firmware-config.jar <command> …}.
 *
 * <p>Exit codes: {@value #OK} success, {@value #INVALID} invalid input (violations, bad signature) or
 * a failure (unreadable file, unusable key), {@value #USAGE} usage error. Failures print one line on
 * standard error, never a stack trace. See {@code docs/configuration.md} for examples.
 */
@Command(name = "doorstep-config", mixinStandardHelpOptions = true, version = "doorstep-config 0.1",
    description = "Doorstep configs, keys, signatures and signed config bundles.",
    subcommands = {ValidateCommand.class, KeygenCommand.class, SignCommand.class, VerifyCommand.class,
        BundleCommand.class, CsrCommand.class})
public final class ConfigCli implements Runnable {
  /** Exit code: done, valid. */
  public static final int OK = 0;
  /** Exit code: invalid input or failure. */
  public static final int INVALID = 1;
  /** Exit code: usage error (picocli's default for a bad command line). */
  public static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: validate, keygen, sign, verify or bundle");
  }

  /** A command line for the CLI with UTF-8 output on the standard streams. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ConfigCli());
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    return cl;
  }

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
