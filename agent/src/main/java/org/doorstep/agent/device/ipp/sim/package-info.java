/**
 * An IPP printer simulator: a real HTTP server that answers Get-Printer-Attributes, Print-Job and
 * Get-Job-Attributes with the agent's own RFC 8010 codec, keeps the documents it receives and can be scripted
 * into paper-out, jam, offline, aborted jobs, garbage answers or silence.
 */
package org.doorstep.agent.device.ipp.sim;
