/** The SIMULATED form printer: renders every form like the real driver and keeps the PDFs in memory. */
package org.doorstep.agent.device.forms.sim;
