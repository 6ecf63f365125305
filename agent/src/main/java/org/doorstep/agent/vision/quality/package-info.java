/**
 * The quality gate: one face, big enough and centred, lit, frontal and sharp, with plain-words guidance
 * for the screen ({@link org.doorstep.agent.model.Guidance}). Pure.
 */
package org.doorstep.agent.vision.quality;
