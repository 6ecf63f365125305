/**
 * The kiosk's one device-health model, after CEN/XFS (PERIPHERALS.md §5): per {@link
 * org.doorstep.agent.device.health.Peripheral} a status word ({@link
 * org.doorstep.agent.device.PeripheralHealth}), a {@link org.doorstep.agent.device.health.PaperState}
 * and the last error with its time.
 *
 * <p>Drivers write into the thread-safe {@link org.doorstep.agent.device.health.HealthRegistry};
 * readers take an immutable {@link org.doorstep.agent.device.health.DeviceHealthSnapshot} or subscribe
 * to {@link org.doorstep.agent.device.health.HealthChange}s. The retained MQTT state, the local HTTP
 * API ({@code GET /api/health}) and the OPC UA namespace all show the same snapshot. No Vert.x here:
 * plain Java, usable from any thread.
 *
 * <p>Personal data never enters this model: error texts are fixed, plain-words descriptions of the
 * device's problem, never a card's or a resident's data.
 */
package org.doorstep.agent.device.health;
