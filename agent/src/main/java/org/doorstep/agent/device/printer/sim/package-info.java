/**
 * Printers for the demo and tests: {@link org.doorstep.agent.device.printer.sim.SimulatedReceiptPrinter}
 * keeps receipts as text in process; {@link org.doorstep.agent.device.printer.sim.EscPosPrinterSimulator}
 * plays an ESC/POS printer on a pseudo-terminal (parses the byte stream with
 * {@link org.doorstep.agent.device.printer.sim.EscPosParser}, answers {@code DLE EOT} from a scripted state,
 * keeps each cut receipt as a {@link org.doorstep.agent.device.printer.sim.PrintedReceipt} with text and a
 * PNG rendering).
 */
package org.doorstep.agent.device.printer.sim;
