/**
 * Ingest: everything devices publish enters through {@link org.doorstep.fleet.ingest.InboundSink}
 * (whichever broker carried it) and goes verify → dedupe → store → ack in {@link
 * org.doorstep.fleet.ingest.IngestPipeline}. Acks leave through {@link
 * org.doorstep.fleet.ingest.DevicePublisher}, only after the store's commit.
 */
package org.doorstep.fleet.ingest;
