/**
 * Runs the certification flow on a kiosk: feeds device answers, resident actions and time into
 * {@link org.doorstep.agent.session.CertificationFlow} and performs the effects it returns with the
 * device ports, the record factory and the outbox ({@link org.doorstep.agent.kiosk.CertificationRunner}).
 * Device problems become resident messages here ({@link org.doorstep.agent.kiosk.DeviceMessages}): the drivers
 * name a problem, the kiosk (which owns the screen) picks the words.
 */
package org.doorstep.agent.kiosk;
