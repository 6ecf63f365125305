/**
 * The kiosk agent: {@link org.doorstep.agent.AgentMain} (command line) and
 * {@link org.doorstep.agent.AgentVerticle} (wiring of devices, the certification workflow, the
 * record outbox and the MQTT uplink). Logic lives in the feature packages below this one.
 */
package org.doorstep.agent;
