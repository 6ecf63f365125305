package org.doorstep.fleet.web;

import java.util.Optional;
import org.doorstep.fleet.ingest.IngestStats;

/**
 * What {@code GET /health} reports, taken fresh for each request.
 *
 * @param brokerKind   {@code embedded} or {@code external}
 * @param brokerPort   the embedded broker's MQTT port; empty for an external broker
 * @param brokerUrl    the external broker's URL; empty for the embedded one
 * @param storeKind    {@code sqlite} or {@code postgresql}
 * @param ingest       the pipeline's counters
 */
public record FleetStatus(String brokerKind, Optional<Integer> brokerPort, Optional<String> brokerUrl, String storeKind,
    IngestStats ingest) {}
