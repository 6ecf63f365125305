/**
 * Face detection (MediaPipe BlazeFace short range with anchor decoding; Haar cascade fallback) and the
 * 468-point MediaPipe face mesh with eye, mouth and head-pose measures.
 */
package org.doorstep.agent.vision.detect;
