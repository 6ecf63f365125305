/**
 * The face check assembled from its parts: the real adapter of the {@link
 * org.doorstep.agent.device.camera.FaceCheck} port ({@link org.doorstep.agent.vision.VisionFaceCheck}: camera
 * frames in, a liveness capture and a 1:1 match out), its options ({@link
 * org.doorstep.agent.vision.VisionOptions}), the models ({@link org.doorstep.agent.vision.VisionModels}) and the
 * per-frame analysis ({@link org.doorstep.agent.vision.FrameAnalyzer}: detection, landmarks, quality measures).
 *
 * <p>This package sits on top; its subpackages never import it: {@code opencv} (the native library), {@code
 * detect} (BlazeFace, Haar, face mesh, and the per-frame measures {@code FrameMeasurement}/{@code FaceMeasures}),
 * {@code quality} (the quality gate), {@code liveness} (the challenge state machine and the passive anti-spoof
 * check), {@code match} (1:1 match) and {@code document} (document scanning). Screen guidance is the shared
 * value {@link org.doorstep.agent.model.Guidance}. OpenCV objects are not thread-safe: everything here runs on
 * the vision worker.
 */
package org.doorstep.agent.vision;
