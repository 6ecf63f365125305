/** Test fixtures: an embedded MQTT broker, a fleet stand-in that acks records, a TCP proxy, configs. */
package org.doorstep.agent.testing;
