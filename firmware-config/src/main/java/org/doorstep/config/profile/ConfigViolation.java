package org.doorstep.config.profile;

import java.util.Objects;

/**
 * One thing wrong with a configuration: the dotted path of the key at fault and what is wrong with
 * it. {@link #toString()} is the form shown to people: {@code devices.printer.baud: must be one of
 * 9600, 19200, 38400, 57600, 115200}.
 *
 * @param path    dotted key path with list indices ({@code services[2].id}); for a problem with the
 *                document as a whole, the name of its source (file name, {@code $} for a tree)
 * @param message what is wrong, starting lower-case, without the path
 */
public record ConfigViolation(String path, String message) {
  public ConfigViolation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code path: message}. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
