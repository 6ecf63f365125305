/**
 * Alarms after the ThingsBoard model (issue 12, "Alarms"; docs/alarms.md), the adapters: {@link
 * org.doorstep.fleet.alarms.AlarmService} (applies the rules of {@link org.doorstep.fleet.alarms.rules} on each
 * state message, config report and timer tick, keeps the active alarms, persists, notifies, publishes
 * {@code doorstep_alarms_active}), {@link org.doorstep.fleet.alarms.AlarmStore} (tables of {@code V7__alarms.sql}),
 * {@link org.doorstep.fleet.alarms.AlarmWebhook} (signed POSTs with retries, dead letters) and {@link
 * org.doorstep.fleet.alarms.AlarmApi} (REST, region-scoped).
 */
package org.doorstep.fleet.alarms;
