/**
 * The document camera (高拍仪): frames of a second OpenCV camera at its full resolution, the {@link
 * org.doorstep.agent.vision.document.autocapture.AutoCapture} deciding from downscaled copies when the page is
 * still, and the frame it picks scanned by {@link org.doorstep.agent.vision.document.DocumentScanService}.
 */
package org.doorstep.agent.vision.document.camera;
