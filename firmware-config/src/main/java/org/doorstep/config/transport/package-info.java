/** MQTT transport details that both agent and fleet apply to their Paho clients. */
package org.doorstep.config.transport;
