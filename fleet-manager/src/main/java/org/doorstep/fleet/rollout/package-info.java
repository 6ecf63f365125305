/**
 * Signed config push with staged rollout: versioned, validated configuration documents, the fleet config
 * key ({@link org.doorstep.fleet.rollout.FleetConfigKey}), the pure {@link org.doorstep.fleet.rollout.RolloutPlan}
 * (waves: canary devices, then percentages; region filter; advance when a wave settled; halt past a refusal
 * threshold), and {@link org.doorstep.fleet.rollout.RolloutService}, which publishes per-device signed bundles
 * (retained) and tracks what every device reports. REST: {@link org.doorstep.fleet.rollout.ConfigApi}; CLI:
 * {@code fleet-manager config}.
 */
package org.doorstep.fleet.rollout;
