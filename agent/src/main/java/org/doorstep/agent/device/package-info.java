/**
 * Peripherals behind ports: one subpackage per device, each with its port, value types, real
 * adapters (later) and an in-process simulator in {@code sim/} that the demo and the tests use.
 */
package org.doorstep.agent.device;
