/**
 * The face camera and what the agent asks of it in this issue: a liveness capture (blink, turn head …)
 * and a 1:1 match against the ID card photo, both behind the {@link
 * org.doorstep.agent.device.camera.FaceCheck} port. Thresholds are applied by the certification flow,
 * not here: the port reports scores.
 */
package org.doorstep.agent.device.camera;
