/**
 * The card end of the social-security card read: {@link org.doorstep.agent.device.sscard.sim.SsCardApplet}
 * answers the APDUs from a {@link org.doorstep.agent.device.sscard.sim.SimSsCard}; {@link
 * org.doorstep.agent.device.sscard.sim.VpcdVirtualCard} puts it in vsmartcard's vpcd reader (pcscd),
 * {@link org.doorstep.agent.device.sscard.sim.SimulatedTerminal} in-process; sample cards in {@link
 * org.doorstep.agent.device.sscard.sim.SampleSsCards}.
 */
package org.doorstep.agent.device.sscard.sim;
