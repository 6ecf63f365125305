/**
 * OpenCV's native library, loaded once per process ({@link org.doorstep.agent.vision.opencv.OpenCv}). The one
 * place that loads it: the camera adapter, detection, liveness, matching and document scanning all call
 * {@link org.doorstep.agent.vision.opencv.OpenCv#load()} before their first {@code Mat}.
 */
package org.doorstep.agent.vision.opencv;
