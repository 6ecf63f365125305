/**
 * Signed config push with staged rollout: versioned, validated configuration documents, the fleet config
 * key ({@link org.doorstep.fleet.rollout.FleetConfigKey}), the pure {@link org.doorstep.fleet.rollout.RolloutPlan}
 * (hawkBit's model: a target filter of region, terminal kind and agent version; groups by count or percent, canary
 * first; a success threshold that starts the next group; an error threshold that pauses; approval by a second
 * operator; a maintenance window; pause, resume, next group, rollback; progress per group), its JSON
 * ({@link org.doorstep.fleet.rollout.PlanJson}), and {@link org.doorstep.fleet.rollout.RolloutService}, which
 * publishes per-device signed bundles
 * (retained) and tracks what every device reports. REST: {@link org.doorstep.fleet.rollout.ConfigApi}; CLI:
 * {@code fleet-manager config}.
 */
package org.doorstep.fleet.rollout;
