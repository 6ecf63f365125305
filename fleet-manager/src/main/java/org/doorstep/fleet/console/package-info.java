/**
 * The operations console: the browser pages (resources {@code fleet-web/}, served at {@code /} and
 * {@code /static/}) and their live feed of device states and alarm changes ({@code GET /api/events},
 * server-sent events, region-scoped like every route). Depends on ingest (where states arrive), devices
 * (their regions), alarms (the address of their changes) and web (operator authentication); nothing
 * depends on it but the fleet's wiring.
 */
package org.doorstep.fleet.console;
