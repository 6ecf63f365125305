/**
 * The fleet's Prometheus metrics: one Micrometer registry that the ingest pipeline and the broker
 * feed, gauges refreshed from the stores on each scrape, and the {@code GET /metrics} route
 * (operator bearer token with {@code READ_METRICS} and a national scope). Every metric and its labels
 * are listed in the fleet README, "Metrics". Nothing here holds state the rest of the fleet reads:
 * {@code /health} reads the same ingest adders directly.
 */
package org.doorstep.fleet.metrics;
