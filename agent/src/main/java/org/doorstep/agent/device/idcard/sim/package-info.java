/** An in-process ID card reader for the demo and tests, and the sample residents it presents. */
package org.doorstep.agent.device.idcard.sim;
