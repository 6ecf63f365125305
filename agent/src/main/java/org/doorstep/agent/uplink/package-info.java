/**
 * The MQTT link to the fleet: the {@link org.doorstep.agent.uplink.Uplink} port and its Paho adapter,
 * the {@link org.doorstep.agent.uplink.AckTracker} that drains the outbox and applies acks, and the
 * {@link org.doorstep.agent.uplink.StateReporter} that keeps the retained device state current.
 * Topics and message bodies come from {@code org.doorstep.config.contract}.
 */
package org.doorstep.agent.uplink;
