/**
 * The second-generation ID card reader (二代身份证阅读器, GA/T 467 SAM module; PERIPHERALS.md §1–2).
 *
 * <ul>
 *   <li>Port and values: {@link org.doorstep.agent.device.idcard.IdCardReader}, {@link
 *       org.doorstep.agent.model.IdCard} (with the full {@link org.doorstep.agent.model.IdCardText}),
 *       {@link org.doorstep.agent.model.IdPhoto}, {@link org.doorstep.agent.device.idcard.CardPresence}.</li>
 *   <li>Protocol: {@link org.doorstep.agent.device.idcard.SamFrames} (encoding), {@link
 *       org.doorstep.agent.device.idcard.SamFrameDecoder} (streaming, resynchronising decoding), {@link
 *       org.doorstep.agent.device.idcard.SamCommand}, {@link org.doorstep.agent.device.idcard.Sw3}.</li>
 *   <li>Card data: {@link org.doorstep.agent.device.idcard.CardTextParser} (three layouts, GB 11643 rules), {@link
 *       org.doorstep.agent.device.idcard.CardTextWriter} (its inverse, for simulators), {@link
 *       org.doorstep.agent.device.idcard.Gb11643}; the photo through the {@link
 *       org.doorstep.agent.device.idcard.WltPhotoDecoder} port (vendor codec on kiosks).</li>
 *   <li>Adapter: {@link org.doorstep.agent.device.idcard.SamSerialIdCardReader} over {@link
 *       org.doorstep.agent.device.serial.SerialLink}, configured by {@link
 *       org.doorstep.agent.device.idcard.SamReaderOptions}.</li>
 *   <li>Failures in words: {@link org.doorstep.agent.device.idcard.ReaderProblem} (screen key, Chinese text,
 *       {@link org.doorstep.agent.model.DeviceFault}).</li>
 * </ul>
 *
 * {@code sim/} holds the in-process reader, the protocol-level {@code SamReaderSimulator} on a pty, and sample cards.
 */
package org.doorstep.agent.device.idcard;
