/**
 * The receipt printer (凭条): the {@link org.doorstep.agent.device.printer.ReceiptPrinter} port, the
 * {@link org.doorstep.agent.device.printer.Receipt} it prints and, for ESC/POS thermal printers
 * (PERIPHERALS.md §3):
 * <ul>
 *   <li>{@link org.doorstep.agent.device.printer.ReceiptTemplates}: certification result, application-form
 *       summary for signature, proof of certification, laid out for 58/80 mm as a
 *       {@link org.doorstep.agent.device.printer.ReceiptDocument}, personal data masked, QR code with the
 *       record id;</li>
 *   <li>{@link org.doorstep.agent.device.printer.EscPos}: the byte encoder (GB18030 text, styles, QR, cut,
 *       {@code DLE EOT});</li>
 *   <li>{@link org.doorstep.agent.device.printer.PrinterStatus}: the {@code DLE EOT 1..4} replies decoded into
 *       paper/cover/cutter/head problems, each with a health word, a fault and a screen message key
 *       ({@link org.doorstep.agent.device.printer.PrinterProblem});</li>
 *   <li>{@link org.doorstep.agent.device.printer.EscPosSerialPrinter}: the driver over a
 *       {@link org.doorstep.agent.device.serial.SerialLink}.</li>
 * </ul>
 * {@link org.doorstep.agent.device.printer.ReceiptLayout} is the plain-text layout the in-process simulator
 * keeps. {@code sim/} holds that simulator and the protocol simulator on a pty.
 */
package org.doorstep.agent.device.printer;
