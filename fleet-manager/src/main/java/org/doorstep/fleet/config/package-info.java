/**
 * The fleet-manager's own settings ({@link org.doorstep.fleet.config.FleetConfig}): HTTP port,
 * broker mode, store, ingest tuning; loaded from YAML with environment overrides by {@link
 * org.doorstep.fleet.config.FleetConfigLoader}. (Device config bundles and rollout live elsewhere.)
 */
package org.doorstep.fleet.config;
