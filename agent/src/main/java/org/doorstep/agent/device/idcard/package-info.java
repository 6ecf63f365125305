/**
 * The second-generation ID card reader (二代身份证阅读器, SAM module): the {@link
 * org.doorstep.agent.device.idcard.IdCardReader} port, the card it returns, and GB 11643 ID number
 * rules. {@code sim/} holds a scripted in-process reader with sample residents.
 */
package org.doorstep.agent.device.idcard;
