/**
 * The social-security card (社会保障卡) over PC/SC: reads the basic application data (SSSE directory, EF05 issuer
 * data, EF06 holder data) without a PIN (agent/docs/social-security-card.md).
 *
 * <ul>
 *   <li>Port and value: {@link org.doorstep.agent.device.sscard.SocialSecurityCardReader}, {@link
 *       org.doorstep.agent.device.sscard.SocialSecurityCard}; failures in words: {@link
 *       org.doorstep.agent.device.sscard.SsCardProblem}.</li>
 *   <li>Pure logic: {@link org.doorstep.agent.device.sscard.CardReadSequence} (the APDU state machine), {@link
 *       org.doorstep.agent.device.sscard.SsCardApdus}, {@link org.doorstep.agent.device.sscard.StatusWords},
 *       {@link org.doorstep.agent.device.sscard.DataItem}, {@link org.doorstep.agent.device.sscard.SsCardRecords},
 *       {@link org.doorstep.agent.device.sscard.T1LineTime}.</li>
 *   <li>Adapters: {@link org.doorstep.agent.device.sscard.TerminalSocialSecurityCardReader} (Vert.x, one worker)
 *       over an {@link org.doorstep.agent.device.sscard.ApduTerminal}: {@link
 *       org.doorstep.agent.device.sscard.PcscTerminal} ({@code javax.smartcardio}); {@link
 *       org.doorstep.agent.device.sscard.CardRead} is the one loop between sequence and terminal.</li>
 * </ul>
 *
 * {@code sim/} holds the card applet, the vpcd virtual card (real pcscd stack) and the in-process terminal.
 */
package org.doorstep.agent.device.sscard;
