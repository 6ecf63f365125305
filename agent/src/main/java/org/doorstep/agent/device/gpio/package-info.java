/**
 * The kiosk's GPIO lines behind the {@link org.doorstep.agent.device.gpio.Gpio} port: presence sensor
 * (wakes the screen), tamper switch (FRAUDATTEMPT alarm via {@link
 * org.doorstep.agent.device.gpio.TamperGuard}), status light ({@link
 * org.doorstep.agent.device.gpio.StatusLight}, patterns in {@link
 * org.doorstep.agent.device.gpio.LightPattern}) and one power relay per peripheral ({@link
 * org.doorstep.agent.device.gpio.PowerRelay}, {@link org.doorstep.agent.device.gpio.PowerCycler}).
 *
 * <p>Adapters: {@link org.doorstep.agent.device.gpio.Pi4jGpio} (Pi4J 2.8.0; its mock platform in
 * tests and {@code diag gpio --mock}) and {@link org.doorstep.agent.device.gpio.NoGpio} for machines
 * without GPIO ({@code devices.gpio.enabled: false}). Pure logic without Vert.x: {@link
 * org.doorstep.agent.device.gpio.LightInputs} (which light state), {@link
 * org.doorstep.agent.device.gpio.LightPattern} (which level when) and {@link
 * org.doorstep.agent.device.gpio.PowerCyclePolicy} (backoff schedule).
 */
package org.doorstep.agent.device.gpio;
