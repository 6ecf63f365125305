package org.doorstep.config.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.doorstep.config.contract.WireException;
import org.doorstep.config.crypto.CryptoException;
import org.doorstep.config.profile.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every subcommand: turns expected failures into one line on standard error and exit code
 * {@link ConfigCli#INVALID}, whichever way the command line was built (tests use
 * {@code new CommandLine(new ConfigCli())} directly).
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** The command's work; returns the exit code. */
  abstract int execute() throws IOException;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (ConfigException e) {
      e.violations().forEach(v -> err().println(v));
      return ConfigCli.INVALID;
    } catch (CryptoException | WireException | IllegalArgumentException e) {
      err().println("error: " + e.getMessage());
      return ConfigCli.INVALID;
    } catch (IOException | UncheckedIOException e) {
      err().println("error: " + describe(e));
      return ConfigCli.INVALID;
    } finally {
      out().flush();
      err().flush();
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static String describe(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof java.nio.file.NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (t instanceof java.nio.file.AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException f) {
      return "file exists: " + f.getFile();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
