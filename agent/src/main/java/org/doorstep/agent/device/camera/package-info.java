/**
 * The face camera and what the agent asks of it: a liveness capture (blink, turn head …) and a 1:1 match
 * against the ID card photo, both behind the {@link org.doorstep.agent.device.camera.FaceCheck} port, and the
 * {@link org.doorstep.agent.device.camera.Camera} port with {@link org.doorstep.agent.device.camera.OpenCvCamera}.
 * The real face check is {@link org.doorstep.agent.vision.VisionFaceCheck} in {@code vision} (it uses this
 * package's ports; this package never imports the vision pipeline); {@code sim} holds the scripted one.
 * Thresholds of the flow are applied by the certification flow, not here: the port reports scores.
 */
package org.doorstep.agent.device.camera;
