/**
 * The certification workflow (领取待遇资格认证) as a pure state machine: {@link
 * org.doorstep.agent.session.CertificationFlow#next} maps a {@link org.doorstep.agent.session.Session}
 * and an {@link org.doorstep.agent.session.Event} to a {@link org.doorstep.agent.session.Step}: the new
 * session plus {@link org.doorstep.agent.session.Effect effects as data}, which the kiosk runner performs
 * with the devices. No Vert.x, no I/O, no threads, no clock: time arrives in events.
 */
package org.doorstep.agent.session;
