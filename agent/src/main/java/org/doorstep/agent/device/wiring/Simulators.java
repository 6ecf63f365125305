package org.doorstep.agent.device.wiring;

import org.doorstep.agent.device.camera.sim.SimulatedFaceCheck;
import org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader;
import org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter;
import org.doorstep.agent.local.sim.AutoScreen;

/**
 * The in-process devices of an agent whose profile says {@code simulated}: tests and the demo drive
 * them ({@code simulators.reader().insert(card)}, {@code simulators.printer().paperOut(true)}).
 */
public record Simulators(SimulatedIdCardReader reader, SimulatedFaceCheck face, SimulatedReceiptPrinter printer,
    AutoScreen screen) {}
