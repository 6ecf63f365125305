/**
 * The face-check vision pipeline (issue #5), pure of devices: models ({@link
 * org.doorstep.agent.vision.VisionModels}), per-frame analysis ({@link org.doorstep.agent.vision.FrameAnalyzer}:
 * detection, landmarks, quality measures), screen guidance ({@link org.doorstep.agent.vision.Guidance}).
 * Subpackages: {@code detect} (BlazeFace, Haar, face mesh), {@code quality} (the quality gate), {@code
 * liveness} (the challenge state machine and the passive anti-spoof check). The 1:1 match ({@code match})
 * and document scanning ({@code document}) are separate. OpenCV objects are not thread-safe: everything here
 * runs on the vision worker.
 */
package org.doorstep.agent.vision;
