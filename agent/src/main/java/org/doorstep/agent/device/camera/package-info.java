/**
 * The face camera and what the agent asks of it: a liveness capture (blink, turn head …) and a 1:1 match
 * against the ID card photo, both behind the {@link org.doorstep.agent.device.camera.FaceCheck} port. The
 * real adapter is {@link org.doorstep.agent.device.camera.VisionFaceCheck} (the {@link
 * org.doorstep.agent.device.camera.Camera} port with {@link org.doorstep.agent.device.camera.OpenCvCamera},
 * and the vision pipeline of {@code org.doorstep.agent.vision}); {@code sim} holds the scripted one. Thresholds
 * of the flow are applied by the certification flow, not here: the port reports scores.
 */
package org.doorstep.agent.device.camera;
