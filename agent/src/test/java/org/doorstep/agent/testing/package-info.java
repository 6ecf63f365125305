/**
 * Test fixtures: an embedded MQTT broker, a fleet stand-in that acks records, a TCP proxy, configs,
 * and how property tests run QuickTheories ({@link org.doorstep.agent.testing.Theories}).
 */
package org.doorstep.agent.testing;
