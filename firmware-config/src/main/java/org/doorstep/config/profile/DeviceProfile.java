package org.doorstep.config.profile;

/**
 * Which peripherals a terminal has and which driver runs each: {@code simulated} (in-process
 * simulator), {@code pty_simulator} (the real serial driver against a protocol simulator on a
 * pseudo-terminal, in the same process) or the real one ({@code serial}, {@code opencv}, {@code pi4j}).
 *
 * @param idCardReader GA/T 467 SAM reader
 * @param printer      ESC/POS receipt printer
 * @param camera       face camera
 * @param gpio         presence sensor, status light, tamper switch, power relays
 * @param socialSecurityCard the social-security card reader (PC/SC); optional, null = none
 * @param formPrinter  the A4 printer for forms (IPP Everywhere); optional, null = none
 * @param documentCamera the high-resolution document camera (高拍仪, UVC through OpenCV); optional, null = none
 */
public record DeviceProfile(SerialDevice idCardReader, Printer printer, Camera camera, Gpio gpio,
    SmartCardReader socialSecurityCard, FormPrinter formPrinter, Camera documentCamera) {

  /** A profile without the peripherals added after the first release (social-security card, form printer, document camera). */
  public DeviceProfile(SerialDevice idCardReader, Printer printer, Camera camera, Gpio gpio) {
    this(idCardReader, printer, camera, gpio, null, null, null);
  }

  /**
   * The social-security card reader: a PC/SC reader (contact or dual interface).
   *
   * @param driver {@code NONE}, {@code SIMULATED} or {@code PCSC}
   * @param reader {@code PCSC}: part of the PC/SC reader name to use; empty = the first reader
   */
  public record SmartCardReader(Driver driver, String reader) {}

  /**
   * The A4 form printer.
   *
   * @param driver {@code NONE}, {@code SIMULATED} or {@code IPP}
   * @param uri    {@code IPP}: the printer's {@code ipp://} or {@code ipps://} URI (a printer or a CUPS queue)
   */
  public record FormPrinter(Driver driver, String uri) {}

  /**
   * A serial peripheral (the ID card reader). {@code port} is required when {@code driver} is {@code serial}.
   *
   * @param photoDecoder fully qualified class name of the vendor's WLT photo decoder (a public class with a
   *                     public no-argument constructor implementing the agent's {@code WltPhotoDecoder});
   *                     empty: the agent's test decoder, which only decodes simulated cards (the agent logs
   *                     a warning when a real reader runs with it)
   */
  public record SerialDevice(Driver driver, String port, Integer baud, String photoDecoder) {
    /** A device with the test photo decoder (code written before {@code photoDecoder} existed). */
    public SerialDevice(Driver driver, String port, Integer baud) {
      this(driver, port, baud, "");
    }
  }

  /**
   * The receipt printer: a serial device plus paper width (58 or 80 mm).
   *
   * @param verificationUrl when not empty, the receipt's QR code carries this prefix followed by the
   *                        URL-encoded record id (a page where staff or a third party checks the record);
   *                        empty: the QR code carries the bare record id
   */
  public record Printer(Driver driver, String port, Integer baud, Integer paperWidthMm, String verificationUrl) {
    /** A printer whose QR code carries the bare record id (code written before {@code verificationUrl} existed). */
    public Printer(Driver driver, String port, Integer baud, Integer paperWidthMm) {
      this(driver, port, baud, paperWidthMm, "");
    }
  }

  /**
   * The camera: a device index or a video file, and the capture format.
   *
   * @param file      {@code OPENCV}: an MJPG .avi to play (looped) instead of the device; empty: the device
   * @param modelsDir folder of the vision models ({@code OPENCV}); empty: the {@code models} folder next to the
   *                  agent's jar (where the build puts them), or the system property {@code doorstep.models.dir}
   */
  public record Camera(Driver driver, Integer index, String file, Integer width, Integer height, Integer fps,
      String modelsDir) {
    /** A camera with the default models folder (code written before {@code modelsDir} existed). */
    public Camera(Driver driver, Integer index, String file, Integer width, Integer height, Integer fps) {
      this(driver, index, file, width, height, fps, "");
    }
  }

  /**
   * GPIO lines (BCM numbers); disabled on machines without GPIO.
   *
   * @param relays   power relay output per peripheral, so the agent can power-cycle one that stops
   *                 answering; optional
   * @param provider which Linux GPIO interface Pi4J drives the lines through ({@link GpioProvider})
   */
  public record Gpio(Boolean enabled, Integer presencePin, Integer statusLightPin, Integer tamperPin, Relays relays,
      GpioProvider provider) {
    /** Lines on the GPIO character device ({@link GpioProvider#GPIOD}; code written before {@code provider} existed). */
    public Gpio(Boolean enabled, Integer presencePin, Integer statusLightPin, Integer tamperPin, Relays relays) {
      this(enabled, presencePin, statusLightPin, tamperPin, relays, GpioProvider.GPIOD);
    }

    /** Lines without power relays (code written before {@code relays} existed). */
    public Gpio(Boolean enabled, Integer presencePin, Integer statusLightPin, Integer tamperPin) {
      this(enabled, presencePin, statusLightPin, tamperPin, Relays.NONE);
    }
  }

  /** How the agent reaches the GPIO lines (Pi4J 2.8.0 plugins). */
  public enum GpioProvider {
    /** The GPIO character device {@code /dev/gpiochipN} through libgpiod (Pi4J's gpiod plugin): current kernels. */
    GPIOD,
    /** The legacy sysfs interface {@code /sys/class/gpio} (Pi4J's linuxfs plugin): older kernels and boards. */
    LINUXFS,
    /** Pi4J's mock platform: no hardware (demo, tests). */
    MOCK
  }

  /**
   * The power relay output (BCM line) of each peripheral that has one; {@value #NO_RELAY} means none
   * (the default: power cycling needs a relay board, which most kiosks lack).
   *
   * @param idCardReader relay of the ID card reader's supply
   * @param printer      relay of the receipt printer's supply
   */
  public record Relays(Integer idCardReader, Integer printer) {
    /** The value meaning "this peripheral has no relay". */
    public static final int NO_RELAY = -1;
    /** No relays at all. */
    public static final Relays NONE = new Relays(NO_RELAY, NO_RELAY);

    /** Whether {@code pin} names a relay (not null, not {@value #NO_RELAY}). */
    public static boolean isRelay(Integer pin) {
      return pin != null && pin != NO_RELAY;
    }
  }

  /** Which implementation drives a peripheral. */
  public enum Driver {
    /** No such device on this terminal. */
    NONE,
    /** In-process simulator (demo and tests): no protocol, no serial port. */
    SIMULATED,
    /**
     * The real serial driver against the protocol simulator (GA/T 467 reader, ESC/POS printer) on a
     * pseudo-terminal that the agent creates in its own process (demo, tests on machines without the
     * hardware). Where no pty can be made the agent falls back to {@link #SIMULATED} and says so.
     * Serial peripherals only.
     */
    PTY_SIMULATOR,
    /** Real serial driver (jSerialComm). */
    SERIAL,
    /** Real camera through OpenCV. */
    OPENCV,
    /** Real GPIO through Pi4J. */
    PI4J,
    /** Real smart-card reader through PC/SC ({@code javax.smartcardio} over pcsc-lite). */
    PCSC,
    /** Real network printer over IPP ({@code ipp://}, {@code ipps://}). */
    IPP
  }
}
