/**
 * The README's demo: one fleet manager on embedded defaults plus several simulated kiosks, each a
 * real agent process talking MQTT to the embedded broker.
 */
package org.doorstep.fleet.demo;
