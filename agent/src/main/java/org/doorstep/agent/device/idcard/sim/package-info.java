/**
 * ID card readers without hardware, for the demo and tests.
 *
 * <ul>
 *   <li>{@link org.doorstep.agent.device.idcard.sim.SimulatedIdCardReader}: an in-process {@code IdCardReader}
 *       (no protocol), with {@link org.doorstep.agent.device.idcard.sim.SampleResidents}.</li>
 *   <li>{@link org.doorstep.agent.device.idcard.sim.SamReaderSimulator}: the device end of the GA/T 467 serial
 *       protocol on a pty, with scripted cards ({@link org.doorstep.agent.device.idcard.sim.SampleCards}, {@link
 *       org.doorstep.agent.device.idcard.sim.SimCard}) and faults; the real driver talks to it over the pty.</li>
 *   <li>{@link org.doorstep.agent.device.idcard.sim.TestWlt} and {@link
 *       org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder}: a documented stand-in for the proprietary WLT photo
 *       format (NOT real WLT), and {@link org.doorstep.agent.device.idcard.sim.SyntheticFaces} to draw the photos.</li>
 * </ul>
 */
package org.doorstep.agent.device.idcard.sim;
