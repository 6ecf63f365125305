package org.doorstep.agent.device.wiring;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.Camera;
import org.doorstep.agent.device.camera.FaceCheck;
import org.doorstep.agent.device.camera.NoFaceCheck;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.device.forms.FormPrinter;
import org.doorstep.agent.device.forms.FormRendering;
import org.doorstep.agent.device.forms.NoFormPrinter;
import org.doorstep.agent.device.forms.sim.SimulatedFormPrinter;
import org.doorstep.agent.device.gpio.Gpio;
import org.doorstep.agent.device.gpio.Gpios;
import org.doorstep.agent.device.gpio.NoGpio;
import org.doorstep.agent.device.gpio.Pi4jGpio;
import org.doorstep.agent.device.gpio.PowerCycleEvent;
import org.doorstep.agent.device.gpio.PowerCycler;
import org.doorstep.agent.device.gpio.PowerRelay;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.idcard.IdCardReader;
import org.doorstep.agent.device.sscard.ApduTerminal;
import org.doorstep.agent.device.sscard.NoSocialSecurityCardReader;
import org.doorstep.agent.device.sscard.PcscTerminal;
import org.doorstep.agent.device.sscard.SocialSecurityCardReader;
import org.doorstep.agent.device.sscard.TerminalSocialSecurityCardReader;
import org.doorstep.agent.device.sscard.sim.SimulatedTerminal;
import org.doorstep.agent.device.idcard.NoIdCardReader;
import org.doorstep.agent.device.idcard.SamReaderOptions;
import org.doorstep.agent.device.idcard.SamSerialIdCardReader;
import org.doorstep.agent.device.idcard.WltPhotoDecoder;
import org.doorstep.agent.device.ipp.IppFormPrinter;
import org.doorstep.agent.device.idcard.sim.SamReaderSimulator;
import org.doorstep.agent.device.idcard.sim.SampleCards;
import org.doorstep.agent.device.idcard.sim.TestWltPhotoDecoder;
import org.doorstep.agent.device.printer.EscPosPrinterOptions;
import org.doorstep.agent.device.printer.EscPosSerialPrinter;
import org.doorstep.agent.device.printer.NoReceiptPrinter;
import org.doorstep.agent.device.printer.ReceiptOptions;
import org.doorstep.agent.device.printer.ReceiptPrinter;
import org.doorstep.agent.device.printer.sim.EscPosPrinterSimulator;
import org.doorstep.agent.device.serial.Pty;
import org.doorstep.agent.local.ObservedScreen;
import org.doorstep.agent.local.Screen;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.model.IdCard;
import org.doorstep.agent.vision.VisionFaceCheck;
import org.doorstep.agent.vision.VisionModels;
import org.doorstep.agent.vision.VisionOptions;
import org.doorstep.agent.vision.liveness.LivenessPolicy;
import org.doorstep.agent.vision.match.FaceMatcher;
import org.doorstep.agent.vision.match.FaceModels;
import org.doorstep.agent.vision.match.OpenCvFaceMatcher;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.ScanLimits;
import org.doorstep.agent.vision.document.autocapture.AutoCapturePolicy;
import org.doorstep.agent.vision.document.camera.DocumentCamera;
import org.doorstep.config.profile.DeviceProfile.Driver;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DeviceProfile.GpioProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peripherals of one kiosk, chosen by its device profile, each behind its port and reporting to the
 * kiosk's {@link HealthRegistry}.
 *
 * <table>
 *   <caption>driver → adapter</caption>
 *   <tr><th>driver</th><th>ID card reader</th><th>receipt printer</th></tr>
 *   <tr><td>NONE</td><td>{@link NoIdCardReader} (NODEVICE)</td><td>{@link NoReceiptPrinter} (NODEVICE)</td></tr>
 *   <tr><td>SIMULATED</td><td>in-process {@code SimulatedIdCardReader}</td><td>in-process {@code SimulatedReceiptPrinter}</td></tr>
 *   <tr><td>PTY_SIMULATOR</td><td>{@link SamSerialIdCardReader} against a {@link SamReaderSimulator} on a pty</td>
 *       <td>{@link EscPosSerialPrinter} against an {@link EscPosPrinterSimulator} on a pty</td></tr>
 *   <tr><td>SERIAL</td><td>{@link SamSerialIdCardReader} on {@code port}/{@code baud}</td>
 *       <td>{@link EscPosSerialPrinter} on {@code port}/{@code baud}</td></tr>
 * </table>
 * {@code PTY_SIMULATOR} falls back to the in-process simulator when no pty can be made ({@link Pty#isSupported()}
 * false, or opening one fails), with one WARN naming the devices. The camera is the simulated face check, or with
 * {@code OPENCV} the real vision pipeline ({@link VisionFaceCheck}, see {@code openCamera}); the screen is the one given ({@code local.screen}). GPIO is {@link NoGpio} unless
 * {@code devices.gpio.enabled}; then Pi4J through {@code devices.gpio.provider} (GPIOD, LINUXFS or MOCK; MOCK also
 * with {@link DeviceOptions#gpioMock()}; a provider this machine lacks leaves GPIO HWERROR, the kiosk runs on), and a
 * {@link PowerCycler} for the peripherals with a relay ({@code devices.gpio.relays}): after {@value
 * #NO_ANSWER_STREAK} "no answer" failures in a row the peripheral is power-cycled, probed with its own status
 * request.
 *
 * <p>The A4 form printer ({@code devices.formPrinter}) is {@link NoFormPrinter} (NONE), the in-memory
 * {@link SimulatedFormPrinter} (SIMULATED) or {@link IppFormPrinter} on {@code uri} (IPP); its health key is
 * {@code formPrinter}, refreshed with the receipt printer's probe ({@link #probePrinter()}).
 *
 * <p>The social-security card reader ({@code devices.socialSecurityCard}): NONE → {@code NoSocialSecurityCardReader},
 * SIMULATED → the in-process {@code SimulatedTerminal}, PCSC → {@code PcscTerminal} on {@code javax.smartcardio}
 * (agent/docs/social-security-card.md).
 *
 * <p>The WLT photo decoder of a serial reader is the class named by {@code devices.idCardReader.photoDecoder}, or
 * the {@link TestWltPhotoDecoder} (simulated cards only; logged as a WARN for a SERIAL reader).
 *
 * <p>Threads: open and use from the agent's context; {@link #present(IdCard)} and {@link #takeAway()} from any.
 */
public final class KioskDevices {
  private static final Logger LOG = LoggerFactory.getLogger(KioskDevices.class);
  /** "No answer" failures in a row before a power cycle: one lost poll is noise, three are a dead device. */
  public static final int NO_ANSWER_STREAK = 3;

  private final Vertx vertx;
  private final HealthRegistry health;
  private final Simulators simulators;
  private final ObservedScreen screen;
  private final List<Runnable> closers = new ArrayList<>();
  private Context context;
  private IdCardReader reader;
  private IdCardReader rawReader;
  private ReceiptPrinter printer;
  private ReceiptPrinter rawPrinter;
  private Driver readerDriver;
  private Driver printerDriver;
  private Driver cameraDriver;
  private FaceCheck face;
  private SamReaderSimulator readerSimulator;
  private EscPosPrinterSimulator printerSimulator;
  private Gpio gpio;
  private DocumentCamera documentCamera;
  private com.pi4j.context.Context gpioMock;
  private PowerCycler cycler;
  private FormPrinter formPrinter;
  private Driver formPrinterDriver;
  private SimulatedFormPrinter simulatedFormPrinter;
  private SocialSecurityCardReader ssCard;
  private SimulatedTerminal ssCardSimulator;

  private KioskDevices(Vertx vertx, HealthRegistry health, Simulators simulators, Screen screen) {
    this.vertx = vertx;
    this.health = health;
    this.simulators = simulators;
    this.screen = new ObservedScreen(screen);
  }

  /**
   * Opens the devices of {@code profile}. Call on the agent's context.
   *
   * @param options what the agent's options say about devices (clock, zone, GPIO mock, power cycling, the face
   *     matcher and liveness numbers of the real face check)
   * @param simulators the in-process simulators (used for SIMULATED and as the pty fallback)
   * @param screen     the resident's screen ({@code local.screen}): the face check's guidance goes there
   * @param powerCycleEvents every power-cycle step (the agent reports state on each)
   * @return the devices; failed with {@link IllegalArgumentException} naming the config path for a driver this
   *     build lacks (camera other than SIMULATED) or a photo decoder class that cannot be loaded. A device that
   *     is configured but absent does not fail the start: its health says OFFLINE or HWERROR.
   */
  public static Future<KioskDevices> open(Vertx vertx, DeviceProfile profile, DeviceOptions options,
      HealthRegistry health, Simulators simulators, Screen screen,
      java.util.function.Consumer<PowerCycleEvent> powerCycleEvents) {
    Objects.requireNonNull(profile, "devices");
    KioskDevices d = new KioskDevices(vertx, health, simulators, Objects.requireNonNull(screen, "screen"));
    d.context = vertx.getOrCreateContext();
    try {
      d.openCamera(profile.camera(), options);
      d.openDocumentCamera(profile.documentCamera());
      d.openReader(profile.idCardReader(), options);
      d.openFormPrinter(profile.formPrinter());
      d.openSocialSecurityCard(profile.socialSecurityCard());
    } catch (RuntimeException e) {
      d.close();
      return Future.failedFuture(e);
    }
    return d.openGpio(profile.gpio(), options, powerCycleEvents)
        .compose(v -> d.openPrinter(profile.printer(), options))
        .compose(v -> {
          List<String> fellBack = new ArrayList<>();
          if (profile.idCardReader() != null && profile.idCardReader().driver() == Driver.PTY_SIMULATOR
              && d.readerDriver == Driver.SIMULATED) {
            fellBack.add("ID card reader");
          }
          if (profile.printer() != null && profile.printer().driver() == Driver.PTY_SIMULATOR
              && d.printerDriver == Driver.SIMULATED) {
            fellBack.add("receipt printer");
          }
          if (!fellBack.isEmpty()) {
            LOG.warn("no pseudo-terminal can be made on this machine: {} run on the in-process simulator instead "
                + "of the real driver against the protocol simulator (PTY_SIMULATOR)", String.join(" and ", fellBack));
          }
          return d.probe().compose(p -> d.documentCamera == null ? Future.<Void>succeededFuture()
              : d.documentCamera.probe());
        })
        .map(v -> d)
        .recover(err -> {
          d.close();
          return Future.failedFuture(err);
        });
  }

  // ---- what the agent uses -------------------------------------------------------------------------

  /** The reader port (reporting to the health registry). */
  public IdCardReader reader() {
    return reader;
  }

  /** The social-security card reader ({@link NoSocialSecurityCardReader} when none is configured). */
  public SocialSecurityCardReader socialSecurityCard() {
    return ssCard;
  }

  /** The in-process card terminal behind a SIMULATED social-security card reader: insert and pull cards. */
  public Optional<SimulatedTerminal> socialSecurityCardSimulator() {
    return Optional.ofNullable(ssCardSimulator);
  }

  /** The printer port (reporting to the health registry). */
  public ReceiptPrinter printer() {
    return printer;
  }

  /** The A4 form printer port (reporting to the health registry as {@code formPrinter}). */
  public FormPrinter formPrinter() {
    return formPrinter;
  }

  /** The driver running the form printer (NONE, SIMULATED or IPP). */
  public Driver formPrinterDriver() {
    return formPrinterDriver;
  }

  /** The in-memory form printer of the SIMULATED driver (printed PDFs, scripted problems). */
  public Optional<SimulatedFormPrinter> simulatedFormPrinter() {
    return Optional.ofNullable(simulatedFormPrinter);
  }

  /** The face check: simulated, the real OpenCV pipeline, or one that cannot run (see {@link #cameraDriver()}). */
  public FaceCheck face() {
    return face;
  }

  /** The driver actually running the camera. */
  public Driver cameraDriver() {
    return cameraDriver;
  }

  /**
   * The document camera with auto-capture ({@code devices.documentCamera}, driver OPENCV); empty when the kiosk
   * has none (NONE or no section: health NODEVICE). Feed its captures to the {@code DocumentScanService} with
   * {@link DocumentCamera#scan}.
   */
  public Optional<DocumentCamera> documentCamera() {
    return Optional.ofNullable(documentCamera);
  }

  /**
   * The resident's screen ({@code local.screen}: the answering {@code AutoScreen}, or the browser screen), observed:
   * the local API relays what it shows ({@link ObservedScreen#observe}).
   */
  public ObservedScreen screen() {
    return screen;
  }

  /** The GPIO lines ({@link NoGpio} when disabled or unavailable). */
  public Gpio gpio() {
    return gpio;
  }

  /** The in-process simulators (in use for SIMULATED devices and the pty fallback). */
  public Simulators simulators() {
    return simulators;
  }

  /** The driver actually running the reader (SIMULATED after a pty fallback). */
  public Driver readerDriver() {
    return readerDriver;
  }

  /** The driver actually running the printer (SIMULATED after a pty fallback). */
  public Driver printerDriver() {
    return printerDriver;
  }

  /** The reader simulator on the far end of the pty (PTY_SIMULATOR): insert cards, script faults. */
  public Optional<SamReaderSimulator> readerSimulator() {
    return Optional.ofNullable(readerSimulator);
  }

  /** The printer simulator on the far end of the pty (PTY_SIMULATOR): paper state, printed receipts. */
  public Optional<EscPosPrinterSimulator> printerSimulator() {
    return Optional.ofNullable(printerSimulator);
  }

  /** Pi4J's mock context when GPIO runs on the mock platform (tests drive the inputs through it). */
  public Optional<com.pi4j.context.Context> gpioMock() {
    return Optional.ofNullable(gpioMock);
  }

  /** The power cycler, when GPIO is open and some peripheral has a relay. */
  public Optional<PowerCycler> powerCycler() {
    return Optional.ofNullable(cycler);
  }

  /**
   * Places a resident's card on the reader, whichever it is: the in-process reader gets the card as is, the
   * pty simulator gets it written as a GA/T 467 card (with a test-WLT photo) so that the real driver reads it
   * over the pty. Thread-safe.
   */
  public void present(IdCard card) {
    if (readerSimulator != null) {
      readerSimulator.lift();
      readerSimulator.insert(SampleCards.of(card));
    } else {
      simulators.reader().insert(card);
    }
  }

  /** Takes the card off the reader (see {@link #present(IdCard)}). Thread-safe. */
  public void takeAway() {
    if (readerSimulator != null) {
      readerSimulator.lift();
    } else {
      simulators.reader().remove();
    }
  }

  /** Asks reader and printer for their health (status request, no card I/O); never fails. */
  public Future<Void> probe() {
    Future<PeripheralHealth> r = reader.health().otherwise(PeripheralHealth.OFFLINE);
    Future<PeripheralHealth> p = probePrinter();
    return Future.join(r, p).otherwiseEmpty().mapEmpty();
  }

  /**
   * Asks the printer for its status (paper, cover …); never fails. Also asks the form printer (its answer goes
   * to the health registry; not awaited).
   */
  public Future<PeripheralHealth> probePrinter() {
    if (formPrinterDriver != Driver.NONE) {
      formPrinter.status().otherwiseEmpty();
    }
    return printer.health().otherwise(PeripheralHealth.OFFLINE);
  }

  /** Closes drivers, simulators and GPIO lines. Idempotent. */
  public Future<Void> close() {
    Future<Void> g = gpio == null ? Future.succeededFuture() : gpio.close().otherwiseEmpty();
    gpio = null;
    List<Runnable> c = List.copyOf(closers);
    closers.clear();
    return g.compose(v -> vertx.<Void>executeBlocking(() -> {
      for (Runnable r : c) {
        try {
          r.run();
        } catch (RuntimeException e) {
          LOG.debug("closing a device failed", e);
        }
      }
      return null;
    }));
  }

  // ---- opening -------------------------------------------------------------------------------------

  private void openReader(DeviceProfile.SerialDevice p, DeviceOptions options) {
    Driver driver = p == null ? Driver.NONE : p.driver();
    PeripheralFeed feed = feed(Peripheral.ID_CARD_READER, () -> rawReader);
    Clock clock = options.clock().withZone(options.zone());
    switch (driver) {
      case NONE -> {
        readerDriver = Driver.NONE;
        reader = rawReader = new NoIdCardReader();
        health.setStatus(Peripheral.ID_CARD_READER, PeripheralHealth.NODEVICE);
        return;
      }
      case SIMULATED -> rawReader = inProcessReader();
      case PTY_SIMULATOR -> {
        SamReaderSimulator sim = startReaderSimulator(p.baud());
        if (sim == null) {
          rawReader = inProcessReader();
        } else {
          readerSimulator = sim;
          closers.add(sim::close);
          LOG.info("ID card reader: real GA/T 467 driver against the reader simulator on {} (test WLT decoder)",
              sim.devicePath());
          rawReader = serialReader(sim.devicePath(), p.baud(), new TestWltPhotoDecoder(), clock);
          readerDriver = Driver.PTY_SIMULATOR;
        }
      }
      case SERIAL -> {
        WltPhotoDecoder decoder = photoDecoder(p.photoDecoder());
        rawReader = serialReader(p.port(), p.baud(), decoder, clock);
        readerDriver = Driver.SERIAL;
        LOG.info("ID card reader: GA/T 467 driver on {} at {} baud", p.port(), p.baud());
      }
      default -> throw new IllegalArgumentException("devices.idCardReader.driver: " + driver
          + " is not a reader driver (NONE, SIMULATED, PTY_SIMULATOR, SERIAL)");
    }
    reader = new ReportingIdCardReader(rawReader, feed);
  }

  /**
   * The form printer: NONE → {@link NoFormPrinter} (NODEVICE); SIMULATED → {@link SimulatedFormPrinter};
   * IPP → {@link IppFormPrinter} on {@code uri}. Its health is UNKNOWN paper/OFFLINE until the first probe.
   */
  private void openFormPrinter(DeviceProfile.FormPrinter p) {
    Driver driver = p == null || p.driver() == null ? Driver.NONE : p.driver();
    if (driver == Driver.NONE) {
      formPrinterDriver = Driver.NONE;
      formPrinter = new NoFormPrinter();
      health.setStatus(Peripheral.FORM_PRINTER, PeripheralHealth.NODEVICE);
      return;
    }
    FormRendering rendering = new FormRendering(vertx);
    closers.add(rendering::close);
    FormPrinter raw;
    switch (driver) {
      case SIMULATED -> {
        simulatedFormPrinter = new SimulatedFormPrinter(rendering);
        raw = simulatedFormPrinter;
        health.setStatus(Peripheral.FORM_PRINTER, PeripheralHealth.ONLINE);
      }
      case IPP -> {
        IppFormPrinter ipp = new IppFormPrinter(vertx, p.uri(), rendering, IppFormPrinter.Options.defaults("doorstep"),
            st -> ReportingFormPrinter.status(health, st));
        closers.add(ipp::close);
        raw = ipp;
        health.setStatus(Peripheral.FORM_PRINTER, PeripheralHealth.OFFLINE);
        LOG.info("form printer: IPP at {}", ipp.printerUri());
      }
      default -> throw new IllegalArgumentException("devices.formPrinter.driver: " + driver
          + " is not a form printer driver (NONE, SIMULATED, IPP)");
    }
    formPrinterDriver = driver;
    formPrinter = new ReportingFormPrinter(raw, health);
  }

  private void openSocialSecurityCard(DeviceProfile.SmartCardReader p) {
    Driver driver = p == null ? Driver.NONE : p.driver();
    ApduTerminal terminal;
    switch (driver) {
      case NONE -> {
        ssCard = new NoSocialSecurityCardReader();
        health.setStatus(Peripheral.SOCIAL_SECURITY_CARD, PeripheralHealth.NODEVICE);
        return;
      }
      case SIMULATED -> terminal = ssCardSimulator = new SimulatedTerminal();
      case PCSC -> terminal = new PcscTerminal(p.reader());
      default -> throw new IllegalArgumentException("devices.socialSecurityCard.driver: " + driver
          + " is not a social-security card reader driver (NONE, SIMULATED, PCSC)");
    }
    TerminalSocialSecurityCardReader r = new TerminalSocialSecurityCardReader(vertx, terminal,
        TerminalSocialSecurityCardReader.DEFAULT_TIMEOUT);
    closers.add(() -> r.close());
    ssCard = r;
    LOG.info("social-security card reader: {}{}", driver, driver == Driver.PCSC ? " (reader \"" + p.reader() + "\")" : "");
    r.health().onSuccess(h -> health.setStatus(Peripheral.SOCIAL_SECURITY_CARD, h));
  }

  private IdCardReader inProcessReader() {
    readerDriver = Driver.SIMULATED;
    return simulators.reader();
  }

  private IdCardReader serialReader(String port, int baud, WltPhotoDecoder decoder, Clock clock) {
    SamSerialIdCardReader r = SamSerialIdCardReader.create(vertx,
        SamReaderOptions.builder(port).baud(baud).photoDecoder(decoder).clock(clock).build());
    closers.add(() -> r.close());
    return r;
  }

  private static SamReaderSimulator startReaderSimulator(int baud) {
    if (!Pty.isSupported()) {
      return null;
    }
    try {
      return SamReaderSimulator.startOnPty(baud);
    } catch (IOException | RuntimeException e) {
      LOG.debug("reader simulator pty failed: {}", e.toString());
      return null;
    }
  }

  /** The configured vendor decoder, or the test decoder (with a warning: it cannot read real cards' photos). */
  private static WltPhotoDecoder photoDecoder(String className) {
    if (className == null || className.isBlank()) {
      LOG.warn("ID card reader: no vendor WLT photo decoder configured (devices.idCardReader.photoDecoder); using "
          + "the TEST decoder, which decodes simulated cards only: real cards will fail with reader.fault");
      return new TestWltPhotoDecoder();
    }
    try {
      Object d = Class.forName(className.trim()).getConstructor().newInstance();
      if (!(d instanceof WltPhotoDecoder decoder)) {
        throw new IllegalArgumentException("devices.idCardReader.photoDecoder: " + className
            + " does not implement " + WltPhotoDecoder.class.getName());
      }
      LOG.info("ID card reader: WLT photo decoder {}", className);
      return decoder;
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException("devices.idCardReader.photoDecoder: cannot load " + className + " ("
          + e + ")");
    }
  }

  private Future<Void> openPrinter(DeviceProfile.Printer p, DeviceOptions options) {
    Driver driver = p == null ? Driver.NONE : p.driver();
    PeripheralFeed feed = feed(Peripheral.PRINTER, () -> rawPrinter);
    switch (driver) {
      case NONE -> {
        printerDriver = Driver.NONE;
        printer = rawPrinter = new NoReceiptPrinter(PeripheralHealth.NODEVICE, "devices.printer.driver is NONE");
        health.setStatus(Peripheral.PRINTER, PeripheralHealth.NODEVICE);
        return Future.succeededFuture();
      }
      case SIMULATED -> {
        printerDriver = Driver.SIMULATED;
        rawPrinter = simulators.printer();
        printer = new ReportingReceiptPrinter(rawPrinter, feed);
        return Future.succeededFuture();
      }
      case PTY_SIMULATOR, SERIAL -> {
        // handled below
      }
      default -> {
        return Future.failedFuture(new IllegalArgumentException("devices.printer.driver: " + driver
            + " is not a printer driver (NONE, SIMULATED, PTY_SIMULATOR, SERIAL)"));
      }
    }
    ReceiptOptions.Builder receipt = ReceiptOptions.builder().zone(options.zone()).paperWidthMm(p.paperWidthMm());
    if (p.verificationUrl() != null && !p.verificationUrl().isBlank()) {
      receipt.verificationUrlPrefix(p.verificationUrl());
    }
    EscPosPrinterOptions escPos = EscPosPrinterOptions.builder().receipt(receipt.build()).build();
    String port = p.port();
    if (driver == Driver.PTY_SIMULATOR) {
      EscPosPrinterSimulator sim = startPrinterSimulator(escPos);
      if (sim == null) {
        printerDriver = Driver.SIMULATED;
        rawPrinter = simulators.printer();
        printer = new ReportingReceiptPrinter(rawPrinter, feed);
        return Future.succeededFuture();
      }
      printerSimulator = sim;
      closers.add(sim::close);
      port = sim.slavePath();
    }
    String where = port;
    printerDriver = driver;
    return EscPosSerialPrinter.open(vertx, port, p.baud(), escPos)
        .map(opened -> {
          closers.add(opened::close);
          LOG.info("receipt printer: ESC/POS driver on {} at {} baud, {} mm{}", where, p.baud(), p.paperWidthMm(),
              driver == Driver.PTY_SIMULATOR ? " (printer simulator on the far end of the pty)" : "");
          return (ReceiptPrinter) opened;
        })
        .recover(err -> {
          LOG.error("receipt printer port {} cannot be opened ({}): receipts will not print until the agent restarts",
              where, err.getMessage());
          health.report(Peripheral.PRINTER, PeripheralHealth.OFFLINE, "PORT_UNAVAILABLE",
              "printer serial port cannot be opened: check the cable and devices.printer.port");
          return Future.succeededFuture(new NoReceiptPrinter(PeripheralHealth.OFFLINE, "port " + where
              + " cannot be opened"));
        })
        .map(opened -> {
          rawPrinter = opened;
          printer = opened instanceof NoReceiptPrinter ? opened : new ReportingReceiptPrinter(opened, feed);
          return null;
        });
  }

  private static EscPosPrinterSimulator startPrinterSimulator(EscPosPrinterOptions options) {
    if (!Pty.isSupported()) {
      return null;
    }
    try {
      return EscPosPrinterSimulator.startOnPty(options.receipt().width());
    } catch (IOException | RuntimeException e) {
      LOG.debug("printer simulator pty failed: {}", e.toString());
      return null;
    }
  }

  private Future<Void> openGpio(DeviceProfile.Gpio g, DeviceOptions options,
      java.util.function.Consumer<PowerCycleEvent> events) {
    if (g == null || !Boolean.TRUE.equals(g.enabled())) {
      gpio = new NoGpio(health);
      return Future.succeededFuture();
    }
    Map<Peripheral, Integer> relays = new EnumMap<>(Peripheral.class);
    if (g.relays() != null) {
      if (DeviceProfile.Relays.isRelay(g.relays().idCardReader())) {
        relays.put(Peripheral.ID_CARD_READER, g.relays().idCardReader());
      }
      if (DeviceProfile.Relays.isRelay(g.relays().printer())) {
        relays.put(Peripheral.PRINTER, g.relays().printer());
      }
    }
    GpioProvider provider = options.gpioMock() ? GpioProvider.MOCK : g.provider();
    return Gpios.open(vertx, g, relays, provider, health, options.clock()).recover(err -> {
      LOG.error("GPIO is enabled but cannot be used ({}): no presence wake-up, tamper alarm or power cycling",
          err.getMessage());
      Gpio none = new NoGpio(health);
      health.report(Peripheral.GPIO, PeripheralHealth.HWERROR, "GPIO_UNAVAILABLE", err.getMessage());
      return Future.succeededFuture(none);
    }).map(open -> {
      gpio = open;
      if (open instanceof Pi4jGpio p && provider == GpioProvider.MOCK) {
        gpioMock = p.pi4j();
        LOG.info("GPIO on Pi4J's MOCK platform (no hardware lines)");
      }
      if (!(open instanceof NoGpio) && !relays.isEmpty()) {
        Map<Peripheral, PowerRelay> r = new EnumMap<>(Peripheral.class);
        relays.keySet().forEach(p -> r.put(p, PowerRelay.of(open, p)));
        cycler = new PowerCycler(vertx, health, r, options.powerCyclePolicy(), options.clock(), events);
      }
      return null;
    });
  }

  /** A feed that power-cycles the peripheral after {@link #NO_ANSWER_STREAK} "no answer"s, when it has a relay. */
  private PeripheralFeed feed(Peripheral p, Supplier<Object> raw) {
    return new PeripheralFeed(p, health, NO_ANSWER_STREAK, () -> context.runOnContext(v -> powerCycle(p, raw)),
        () -> cycler != null && cycler.cycling(p));
  }

  private void powerCycle(Peripheral p, Supplier<Object> raw) {
    if (cycler == null || !cycler.canCycle(p) || cycler.cycling(p)) {
      return;
    }
    Supplier<Future<?>> probe = () -> {
      Object device = raw.get();
      Future<PeripheralHealth> h = device instanceof IdCardReader r ? r.health()
          : ((ReceiptPrinter) device).health();
      return h.compose(word -> word == PeripheralHealth.ONLINE ? Future.succeededFuture(word)
          : Future.failedFuture(new DeviceException(DeviceFault.NOT_CONNECTED, p.key() + " still " + word)));
    };
    cycler.recover(p, probe).onFailure(err -> LOG.debug("power cycle of {} ended: {}", p.key(), err.getMessage()));
  }

  /**
   * The camera: SIMULATED (or no profile) is the scripted face check; NONE a check that fails (NODEVICE);
   * OPENCV the real pipeline on the device index or, when {@code file} is set, an MJPG .avi played in a loop.
   * Missing vision models do not stop the agent: the camera reports HWERROR, every face check fails (the
   * resident is sent to staff) and the log says what to install.
   */
  private void openCamera(DeviceProfile.Camera camera, DeviceOptions options) {
    LivenessPolicy liveness = options.liveness();
    Driver d = camera == null || camera.driver() == null ? Driver.SIMULATED : camera.driver();
    switch (d) {
      case SIMULATED -> {
        cameraDriver = Driver.SIMULATED;
        face = simulators.face();
        // A paced simulated capture tells the screen what to do, as the vision pipeline does.
        simulators.face().guidance(g -> context.runOnContext(v -> screen().guide(g)
            .onFailure(err -> LOG.debug("screen did not show {}: {}", g.key(), err.getMessage()))));
        health.setStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE);
      }
      case NONE -> {
        cameraDriver = Driver.NONE;
        face = new NoFaceCheck(PeripheralHealth.NODEVICE, "devices.camera.driver is NONE");
        health.setStatus(Peripheral.CAMERA, PeripheralHealth.NODEVICE);
      }
      case OPENCV -> {
        cameraDriver = Driver.OPENCV;
        VisionModels models = modelsOf(camera);
        List<String> missing = models.missing(VisionModels.CAPTURE);
        if (!missing.isEmpty()) {
          String why = "vision models missing in " + models.dir().toAbsolutePath() + ": " + missing;
          LOG.error("camera: {}; {}. Face checks will fail and residents are sent to staff", why,
              VisionModels.HOW_TO_GET);
          face = new NoFaceCheck(PeripheralHealth.HWERROR, why);
          health.report(Peripheral.CAMERA, PeripheralHealth.HWERROR, "VISION_MODELS_MISSING", why);
          return;
        }
        boolean fromFile = camera.file() != null && !camera.file().isBlank();
        Camera cam = fromFile ? OpenCvCamera.file(Path.of(camera.file().trim()), true)
            : OpenCvCamera.device(camera.index(), camera.width(), camera.height(), camera.fps());
        VisionFaceCheck vision = new VisionFaceCheck(vertx, cam, VisionOptions.of(models, liveness),
            matcherFor(models, options), g -> context.runOnContext(v -> screen().guide(g)
                .onFailure(err -> LOG.debug("screen did not show {}: {}", g.key(), err.getMessage()))));
        closers.add(vision::close);
        face = vision;
        health.setStatus(Peripheral.CAMERA, PeripheralHealth.ONLINE);
        LOG.info("camera: OpenCV {} with the vision pipeline (models {})", cam.describe(), models.dir());
      }
      default -> throw new IllegalArgumentException("devices.camera.driver: " + d
          + " is not a camera driver (NONE, SIMULATED, OPENCV)");
    }
  }

  /**
   * The document camera: NONE (or no section) is none (NODEVICE); OPENCV the device {@code index} at its full
   * {@code width}×{@code height} and {@code fps}, or with {@code file} an MJPG .avi played in a loop (demo). It is
   * opened once the other devices are (a camera that is absent is OFFLINE, the agent runs on).
   */
  private void openDocumentCamera(DeviceProfile.Camera camera) {
    Driver d = camera == null || camera.driver() == null ? Driver.NONE : camera.driver();
    switch (d) {
      case NONE -> health.setStatus(Peripheral.DOCUMENT_CAMERA, PeripheralHealth.NODEVICE);
      case OPENCV -> {
        boolean fromFile = camera.file() != null && !camera.file().isBlank();
        Camera cam = fromFile ? OpenCvCamera.file(Path.of(camera.file().trim()), true)
            : OpenCvCamera.device(camera.index(), camera.width(), camera.height(), camera.fps());
        documentCamera = new DocumentCamera(vertx, cam, new DocumentScanner(ScanLimits.DEFAULTS),
            AutoCapturePolicy.DEFAULTS, health);
        closers.add(documentCamera::close);
        LOG.info("document camera: OpenCV {} at {}x{} with auto-capture", cam.describe(), camera.width(),
            camera.height());
      }
      default -> throw new IllegalArgumentException("devices.documentCamera.driver: " + d + " is not a document "
          + "camera driver (NONE, OPENCV; for a demo without the camera use OPENCV with devices.documentCamera.file, "
          + "an MJPG .avi)");
    }
  }

  /**
   * The matcher given in {@code options}, else the OpenCV one ({@link OpenCvFaceMatcher}) on the models
   * folder; when that model is missing every match fails naming it (residents go to staff help).
   */
  private FaceMatcher matcherFor(VisionModels models, DeviceOptions options) {
    if (options.faceMatcher() != FaceMatcher.NONE) {
      return options.faceMatcher();
    }
    FaceModels faceModels = FaceModels.in(models.dir());
    try {
      OpenCvFaceMatcher matcher = OpenCvFaceMatcher.load(faceModels);
      return matcher;
    } catch (IllegalStateException e) {
      LOG.error("camera: no 1:1 face matcher: {}", e.getMessage());
      return FaceMatcher.NONE;
    }
  }

  /** {@code devices.camera.modelsDir}, else the system property, else {@code models} next to the agent's jar. */
  static VisionModels modelsOf(DeviceProfile.Camera camera) {
    if (camera.modelsDir() != null && !camera.modelsDir().isBlank()) {
      return new VisionModels(Path.of(camera.modelsDir().trim()));
    }
    Optional<VisionModels> prop = VisionModels.fromSystemProperty();
    if (prop.isPresent()) {
      return prop.get();
    }
    try {
      Path code = Path.of(KioskDevices.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new VisionModels(code.getParent().resolve("models"));
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return new VisionModels(Path.of("models"));
    }
  }
}
