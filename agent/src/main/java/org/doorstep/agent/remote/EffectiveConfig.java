package org.doorstep.agent.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.doorstep.config.bundle.LocalOnlyKeys;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceIdentity;
import org.doorstep.config.profile.DoorstepConfig;

/**
 * How a bundle's document becomes the configuration an agent runs with: merged over the local config
 * (the file the kiosk was installed with, environment overrides included) by the loader's rules, then
 * checked again as a whole. Pure.
 *
 * <p><b>Local-only keys.</b> {@code device.id}, {@code device.dataDir} and the {@code fleet} section
 * always keep their local values: a bundle must not rename the kiosk, move its data, or replace the
 * key its own signature is checked with. The fleet refuses to sign a document that sets them
 * ({@link LocalOnlyKeys}).
 */
public final class EffectiveConfig {
  private EffectiveConfig() {}

  /**
   * The local config with {@code document} merged over it.
   *
   * @throws org.doorstep.config.profile.ConfigException listing every violation of the result
   */
  public static DoorstepConfig of(DoorstepConfig local, JsonNode document) {
    ObjectNode base = ConfigLoader.toDocument(local);
    JsonNode merged = ConfigLoader.overlay(base, document);
    if (merged instanceof ObjectNode root) {
      // Pin the local-only keys whatever the document said.
      root.set("fleet", base.get("fleet"));
      if (base.has("security")) {
        root.set("security", base.get("security"));
      } else {
        root.remove("security");
      }
      DeviceIdentity d = local.device();
      JsonNode device = root.get("device");
      if (device instanceof ObjectNode dev) {
        dev.put("id", d.id());
        dev.put("dataDir", d.dataDir());
      }
    }
    return ConfigLoader.withoutEnvironment().load(merged);
  }
}
