/**
 * The alarm rules, pure (no I/O, no Vert.x, no clock: ArchitectureTest holds them to it): {@link
 * org.doorstep.fleet.alarms.rules.AlarmConditions} (what the fleet knows of a device and the thresholds → the
 * alarm types raised), {@link org.doorstep.fleet.alarms.rules.AlarmLifecycle} (the state machine of one alarm:
 * at most one active per (source, type), acknowledge and clear independent, cleared by itself when the
 * condition ends, escalation), {@link org.doorstep.fleet.alarms.rules.RegionTree} (the roll-up of counts
 * village → province) and {@link org.doorstep.fleet.alarms.rules.WebhookSignature}, with their values. The fleet
 * config builds {@link org.doorstep.fleet.alarms.rules.AlarmThresholds} and {@link
 * org.doorstep.fleet.alarms.rules.WebhookOptions} from its {@code alarms} section.
 */
package org.doorstep.fleet.alarms.rules;
