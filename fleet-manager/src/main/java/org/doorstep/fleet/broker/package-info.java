/**
 * The fleet's MQTT side: which broker carries device traffic and how it reaches the ingest pipeline.
 *
 * <p>Owns two adapters behind the same pair of ports from {@code org.doorstep.fleet.ingest}:
 * {@link org.doorstep.fleet.ingest.InboundSink} (device → fleet) and
 * {@link org.doorstep.fleet.ingest.DevicePublisher} (fleet → device).
 *
 * <ul>
 *   <li>{@link org.doorstep.fleet.broker.EmbeddedBroker}: HiveMQ CE in-process. Device publishes on
 *       {@code records}, {@code state} and {@code command-results} are handed to the sink by a broker
 *       extension ({@link org.doorstep.fleet.broker.DoorstepBrokerExtension}) with no subscriber hop;
 *       acks, config and commands go out through HiveMQ's publish service.
 *   <li>{@link org.doorstep.fleet.broker.ExternalBroker}: a Paho v5 client on an external broker
 *       (Mosquitto, EMQX, HiveMQ), joining the {@code $share/fleet/…} group so that several
 *       fleet-manager instances split the load.
 * </ul>
 *
 * <p>Failures of either adapter are {@link org.doorstep.fleet.broker.BrokerException}s in failed futures.
 */
package org.doorstep.fleet.broker;
