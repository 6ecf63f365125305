package org.doorstep.agent.remote;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The registry of {@link CommandHandler}s by command name. A command whose name has no handler is
 * answered {@code UNKNOWN_COMMAND}. Other features register theirs at start-up, e.g.
 * {@code handlers.register("purge", purger::purge)}.
 *
 * <p>Thread-safe (synchronized: registration happens at start, look-ups once per command).
 */
public final class CommandHandlers {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  private final Map<String, CommandHandler> byName = new TreeMap<>();

  /**
   * Registers {@code handler} for commands named {@code name}.
   *
   * @param name lower-case words joined by {@code -} ({@code power-cycle}), at most 64 characters
   * @throws IllegalArgumentException when the name is malformed or already has a handler
   */
  public synchronized CommandHandlers register(String name, CommandHandler handler) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: must match [a-z][a-z0-9-]{0,63}, was '" + name + "'");
    }
    Objects.requireNonNull(handler, "handler");
    if (byName.putIfAbsent(name, handler) != null) {
      throw new IllegalArgumentException("name: a handler for '" + name + "' is already registered");
    }
    return this;
  }

  /** Removes the handler of {@code name}, if any. */
  public synchronized void unregister(String name) {
    byName.remove(name);
  }

  /** The handler of {@code name}; empty when none is registered. */
  public synchronized Optional<CommandHandler> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The registered names, sorted. */
  public synchronized Set<String> names() {
    return Set.copyOf(byName.keySet());
  }
}
