/**
 * When to take the document camera's picture: a plain state machine ({@link
 * org.doorstep.agent.vision.document.autocapture.AutoCapture}) fed, frame by frame, with where the page is and
 * how much the picture moved, that says "capture now" once the page outline has been found and has held still
 * for a moment, or gives up with "no page found" at its timeout. No I/O, no clock: time comes with each frame.
 */
package org.doorstep.agent.vision.document.autocapture;
