package org.doorstep.config.profile;

import java.nio.file.Path;

/**
 * How the terminal trusts its fleet: the public key that signs config bundles and commands
 * (docs/wire-protocol.md section 8). Local only: a config bundle cannot change it.
 *
 * @param configKeyFile PEM {@code PUBLIC KEY} of the fleet's config/command signing key (Ed25519 or
 *                      SM2); empty means {@value #DEFAULT_CONFIG_KEY_FILE} in {@code device.dataDir},
 *                      where enrolment (or the demo) writes it. Without the file the agent runs, but
 *                      accepts no config bundle and no command.
 */
public record FleetLink(String configKeyFile) {
  /** File name of the fleet config key in the data directory when {@code configKeyFile} is empty. */
  public static final String DEFAULT_CONFIG_KEY_FILE = "fleet-config-key.pub.pem";

  /** The default: the key file in the data directory. */
  public static final FleetLink DEFAULT = new FleetLink("");

  /** The key file: {@code configKeyFile}, or {@value #DEFAULT_CONFIG_KEY_FILE} in {@code dataDir} when empty. */
  public Path configKeyPath(Path dataDir) {
    return configKeyFile == null || configKeyFile.isBlank() ? dataDir.resolve(DEFAULT_CONFIG_KEY_FILE)
        : Path.of(configKeyFile);
  }
}
