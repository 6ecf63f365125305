/**
 * Document scanning for registration and information change (ID card front and back, household register
 * page, signed application form) from the document camera: {@link
 * org.doorstep.agent.vision.document.DocumentScanner} finds the page outline, corrects perspective and
 * residual skew, checks brightness, glare and sharpness and encodes a JPEG; {@link
 * org.doorstep.agent.vision.document.DocumentScanService} is the Future-returning entry point that keeps
 * accepted scans, encrypted, in the device's {@link org.doorstep.agent.privacy.EvidenceStore} under their
 * record's id, and answers refusals with plain-words guidance ({@link org.doorstep.agent.vision.document.ScanProblem}).
 */
package org.doorstep.agent.vision.document;
