/**
 * Peripherals behind ports: one subpackage per device, each with its port, value types, real
 * adapters and an in-process simulator in {@code sim/} that the demo and the tests use. This package holds what
 * they share: {@link org.doorstep.agent.device.DeviceException} (a failed device call, with its {@link
 * org.doorstep.agent.model.DeviceFault} and a finer reason) and {@link org.doorstep.agent.device.PeripheralHealth}.
 * The values a device hands to the workflow (an {@code IdCard}, a {@code FaceCapture}) live in {@code model}.
 */
package org.doorstep.agent.device;
