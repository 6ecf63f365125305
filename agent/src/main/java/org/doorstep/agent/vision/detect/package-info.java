/**
 * Face detection (MediaPipe BlazeFace short range with anchor decoding; Haar cascade fallback), the 468-point
 * MediaPipe face mesh with eye, mouth and head-pose measures, and what one frame measures ({@link
 * org.doorstep.agent.vision.detect.FrameMeasurement}, {@link org.doorstep.agent.vision.detect.FaceMeasures}):
 * the input of the quality gate and of the liveness challenges.
 */
package org.doorstep.agent.vision.detect;
