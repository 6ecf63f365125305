/**
 * Alarms after the ThingsBoard model (issue 12, "Alarms"; docs/alarms.md): at most one active alarm per
 * (source, type), a {@link org.doorstep.fleet.alarms.Severity}, acknowledge and clear independent of each
 * other, who and when for each, cleared by itself when its condition ends.
 *
 * <p>Pure rule logic, without I/O (ArchitectureTest holds it to that): {@link org.doorstep.fleet.alarms.AlarmConditions}
 * (a device's facts and the thresholds → the alarm types raised), {@link org.doorstep.fleet.alarms.AlarmLifecycle}
 * (the state machine of one alarm), {@link org.doorstep.fleet.alarms.RegionTree} (the roll-up of counts) and
 * {@link org.doorstep.fleet.alarms.WebhookSignature}, with their values. Adapters: {@link org.doorstep.fleet.alarms.AlarmService}
 * (applies the conditions on each state message and timer tick, persists, notifies), {@link org.doorstep.fleet.alarms.AlarmStore}
 * (tables of {@code V7__alarms.sql}), {@link org.doorstep.fleet.alarms.AlarmWebhook} (signed POSTs with retries,
 * dead letters) and {@link org.doorstep.fleet.alarms.AlarmApi} (REST).
 */
package org.doorstep.fleet.alarms;
