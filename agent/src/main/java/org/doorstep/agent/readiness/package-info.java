/**
 * Readiness: whether this terminal can take a certification now, and if not, why ({@link
 * org.doorstep.agent.readiness.Readiness}: disk full, enrolment refused). The runner refuses the next
 * resident before anything is promised, the local health API and the staff view show the blockers.
 * {@link org.doorstep.agent.readiness.DiskSpaceWatch} raises and clears the disk-full blocker. Imports
 * nothing of the agent's other packages.
 */
package org.doorstep.agent.readiness;
