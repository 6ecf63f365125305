/**
 * The configuration of one terminal: the {@link org.doorstep.config.profile.DoorstepConfig} records
 * (identity, device profile, service catalog, policy, uplink), how they are loaded
 * ({@link org.doorstep.config.profile.ConfigLoader}: defaults, YAML/JSON document, environment) and
 * checked ({@link org.doorstep.config.profile.ConfigValidator}: every violation with its path).
 *
 * <p>Every key, its default and its allowed values are listed in {@code docs/configuration.md} at the
 * repository root. A signed config bundle from the fleet carries the same document.
 */
package org.doorstep.config.profile;
