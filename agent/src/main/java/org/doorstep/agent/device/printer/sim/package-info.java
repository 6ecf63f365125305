/** A printer that renders receipts to text, for the demo and tests. */
package org.doorstep.agent.device.printer.sim;
