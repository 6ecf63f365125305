/**
 * The receipt printer (凭条): the {@link org.doorstep.agent.device.printer.ReceiptPrinter} port, the
 * {@link org.doorstep.agent.device.printer.Receipt} it prints and its text layout. {@code sim/} renders
 * receipts to text in memory (and optionally to files).
 */
package org.doorstep.agent.device.printer;
