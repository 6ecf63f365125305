/**
 * 1:1 face match (人脸比对) and the "ID photo too old" reference: the {@link
 * org.doorstep.agent.vision.match.FaceMatcher} port and its OpenCV dnn implementation ({@link
 * org.doorstep.agent.vision.match.OpenCvFaceMatcher}: detect, 68 landmarks, 3-point alignment, 512-d
 * embedding, plain cosine), and the encrypted store of a resident's last successful certification photo
 * ({@link org.doorstep.agent.vision.match.ReferencePhotoStore}). Thresholds are applied by the
 * certification flow, not here. Embeddings and photos never leave the kiosk.
 */
package org.doorstep.agent.vision.match;
