/**
 * The values the certification workflow and the devices share: what a card reader reads ({@link
 * org.doorstep.agent.model.IdCard}, {@link org.doorstep.agent.model.IdCardText}, {@link
 * org.doorstep.agent.model.IdPhoto}), what the face check captures ({@link org.doorstep.agent.model.FaceCapture},
 * {@link org.doorstep.agent.model.ChallengeResult}), what the screen says while it runs ({@link
 * org.doorstep.agent.model.Guidance}) and the coarse reason a device call failed ({@link
 * org.doorstep.agent.model.DeviceFault}).
 *
 * <p>Immutable values only: this package imports nothing of the agent (only the JDK and firmware-config's
 * {@code contract} values such as {@code IdNumber}), so the pure workflow ({@code session}), the device
 * adapters ({@code device.*}) and the vision pipeline ({@code vision.*}) can all depend on it without depending
 * on each other. {@code architecture.ArchitectureTest} enforces this.
 */
package org.doorstep.agent.model;
