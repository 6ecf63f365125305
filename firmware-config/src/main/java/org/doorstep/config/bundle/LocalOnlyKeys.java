package org.doorstep.config.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.doorstep.config.profile.ConfigViolation;

/**
 * The configuration keys a config bundle cannot set: {@code device.id}, {@code device.dataDir}, the
 * {@code fleet} section and the {@code security} section. They stay local to each terminal: a bundle
 * must not rename a kiosk, move its data, replace the key its own signature is checked with, or switch
 * the crypto suite (the kiosk's keys and sealed data are of its suite; a switch means re-enrolment). The fleet refuses to sign a document
 * that sets them ({@link #check}); an agent keeps its local values whatever a bundle says.
 */
public final class LocalOnlyKeys {
  /** The keys, as paths of {@code docs/configuration.md}. */
  public static final List<String> PATHS = List.of("device.id", "device.dataDir", "fleet", "security");

  private LocalOnlyKeys() {}

  /** A violation for every local-only key {@code document} sets (to anything but null). */
  public static List<ConfigViolation> check(JsonNode document) {
    List<ConfigViolation> out = new ArrayList<>();
    if (document == null || !document.isObject()) {
      return out;
    }
    for (String path : PATHS) {
      JsonNode node = document;
      for (String segment : path.split("\\.")) {
        node = node == null || !node.isObject() ? null : node.get(segment);
      }
      if (node != null && !node.isNull()) {
        out.add(new ConfigViolation(path, "is local to each terminal; a config bundle cannot set it"));
      }
    }
    return out;
  }
}
