package org.doorstep.agent.vision.document;

import org.doorstep.agent.session.ResidentMessage;

/**
 * Why a document scan was refused, in words the resident can act on ({@link #residentMessage()}).
 * Nothing is kept of a refused scan.
 */
public enum ScanProblem {
  /** No four-cornered page stands out from the background. */
  NOT_FOUND(ResidentMessage.DOCUMENT_NOT_FOUND),
  /** The page touches the picture's edge: part of it is missing. */
  CUT_OFF(ResidentMessage.DOCUMENT_CUT_OFF),
  /** The page fills too little of the picture for legible text. */
  TOO_SMALL(ResidentMessage.DOCUMENT_TOO_SMALL),
  /** The rectified page is not sharp (variance of the Laplacian below the limit). */
  BLURRED(ResidentMessage.DOCUMENT_BLURRED),
  /** Too much of the page is blown out by a reflection. */
  GLARE(ResidentMessage.DOCUMENT_GLARE),
  /** The page is too dark to read. */
  TOO_DARK(ResidentMessage.DOCUMENT_TOO_DARK);

  private final ResidentMessage residentMessage;

  ScanProblem(ResidentMessage residentMessage) {
    this.residentMessage = residentMessage;
  }

  /** What the screen tells the resident. */
  public ResidentMessage residentMessage() {
    return residentMessage;
  }
}
