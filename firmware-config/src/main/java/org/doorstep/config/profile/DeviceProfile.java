package org.doorstep.config.profile;

/**
 * Which peripherals a terminal has and which driver runs each: {@code simulated} (in-process or
 * protocol simulator) or the real one ({@code serial}, {@code opencv}, {@code pi4j}).
 *
 * @param idCardReader GA/T 467 SAM reader
 * @param printer      ESC/POS receipt printer
 * @param camera       face camera
 * @param gpio         presence sensor, status light, tamper switch, power relays
 */
public record DeviceProfile(SerialDevice idCardReader, Printer printer, Camera camera, Gpio gpio) {

  /** A serial peripheral. {@code port} is required when {@code driver} is {@code serial}. */
  public record SerialDevice(Driver driver, String port, Integer baud) {}

  /** The receipt printer: a serial device plus paper width (58 or 80 mm). */
  public record Printer(Driver driver, String port, Integer baud, Integer paperWidthMm) {}

  /** The camera: a device index or a video file, and the capture format. */
  public record Camera(Driver driver, Integer index, String file, Integer width, Integer height, Integer fps) {}

  /** GPIO lines (BCM numbers); disabled on machines without GPIO. */
  public record Gpio(Boolean enabled, Integer presencePin, Integer statusLightPin, Integer tamperPin) {}

  /** Which implementation drives a peripheral. */
  public enum Driver {
    /** No such device on this terminal. */
    NONE,
    /** In-process simulator (demo and tests). */
    SIMULATED,
    /** Real serial driver (jSerialComm). */
    SERIAL,
    /** Real camera through OpenCV. */
    OPENCV,
    /** Real GPIO through Pi4J. */
    PI4J
  }
}
