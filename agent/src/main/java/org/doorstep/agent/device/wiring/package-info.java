/**
 * Which adapter each peripheral of the device profile gets, and how the adapters feed the kiosk's one
 * {@link org.doorstep.agent.device.health.HealthRegistry}: {@link org.doorstep.agent.device.wiring.KioskDevices}
 * opens the reader, printer, camera, screen and GPIO for a config ({@code NONE}, {@code SIMULATED},
 * {@code PTY_SIMULATOR}: the real driver against the protocol simulator on a pty, {@code SERIAL}), and the
 * reporting decorators turn every driver answer into a health word, a paper state and a last error, and a
 * run of "no answer" into a power cycle when the peripheral has a relay.
 *
 * <p>{@link org.doorstep.agent.device.wiring.Simulators} holds the in-process simulators that tests and the demo
 * drive. The agent verticle calls this; the drivers know nothing of it.
 */
package org.doorstep.agent.device.wiring;
