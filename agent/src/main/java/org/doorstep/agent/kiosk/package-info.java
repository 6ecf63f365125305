/**
 * Runs the certification flow on a kiosk: feeds device answers, resident actions and time into
 * {@link org.doorstep.agent.session.CertificationFlow} and performs the effects it returns with the
 * device ports, the record factory and the outbox ({@link org.doorstep.agent.kiosk.CertificationRunner}).
 */
package org.doorstep.agent.kiosk;
