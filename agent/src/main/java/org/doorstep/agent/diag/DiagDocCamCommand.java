package org.doorstep.agent.diag;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.camera.Camera;
import org.doorstep.agent.device.camera.OpenCvCamera;
import org.doorstep.agent.vision.document.DocumentKind;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.ScanLimits;
import org.doorstep.agent.vision.document.ScanResult;
import org.doorstep.agent.vision.document.autocapture.AutoCapturePolicy;
import org.doorstep.agent.vision.document.camera.CaptureResult;
import org.doorstep.agent.vision.document.camera.DocumentCamera;
import org.doorstep.config.profile.ConfigException;
import org.doorstep.config.profile.ConfigLoader;
import org.doorstep.config.profile.DeviceProfile;
import org.doorstep.config.profile.DoorstepConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent diag doccam}: a field technician's check of the document camera (高拍仪). Opens the camera at its
 * full resolution, waits for a page to lie still under it (the kiosk's auto-capture), scans the frame it takes
 * (outline, perspective, deskew, brightness, glare and sharpness checks) and writes the captured frame and the
 * scanned page.
 *
 * <pre>
 * agent diag doccam --config kiosk.yaml                   # devices.documentCamera
 * agent diag doccam --device 1 --width 2592 --height 1944 --fps 5 --out /tmp
 * agent diag doccam --file page.avi --kind ID_FRONT       # an MJPG .avi instead of the camera
 * </pre>
 *
 * Stop the agent first: a UVC camera opens exclusively.
 */
@Command(name = "doccam", mixinStandardHelpOptions = true,
    description = "Check the document camera: auto-capture a still page at full resolution and scan it.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:page captured and scanned; frame and scan written",
        "2:usage error or invalid config",
        "3:camera cannot be opened or stopped delivering frames: check the cable, the index, and stop the agent",
        "4:no still page within the timeout (or the file ended): lay the page flat in the frame and run again",
        "5:page captured but the scan refused it (blurred, glare, too dark ...): see the advice, then run again"})
public final class DiagDocCamCommand implements Callable<Integer> {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int UNAVAILABLE = 3;
  public static final int NO_PAGE = 4;
  public static final int REFUSED = 5;

  @Spec
  CommandSpec spec;

  @Option(names = "--config", description = "Kiosk config: the camera from devices.documentCamera.")
  Path config;

  @Option(names = "--device", description = "OpenCV camera index (V4L2 /dev/videoN); overrides the config.")
  Integer device;

  @Option(names = "--file", description = "An MJPG .avi to read instead of a camera.")
  Path file;

  @Option(names = "--width", description = "Capture width in pixels (default: the config's, else 2592).")
  Integer width;

  @Option(names = "--height", description = "Capture height in pixels (default: the config's, else 1944).")
  Integer height;

  @Option(names = "--fps", description = "Frames per second (default: the config's, else 5).")
  Integer fps;

  @Option(names = "--kind", defaultValue = "APPLICATION_FORM",
      description = "What is scanned: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  DocumentKind kind;

  @Option(names = "--timeout", defaultValue = "20s", converter = DurationConverter.class,
      description = "How long to wait for a still page (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--out", defaultValue = ".", description = "Where the frame (BMP) and the scan (JPEG) go.")
  Path outDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Camera camera;
    AutoCapturePolicy policy;
    try {
      camera = camera();
      AutoCapturePolicy d = AutoCapturePolicy.DEFAULTS;
      policy = new AutoCapturePolicy(d.maxMotion(), d.maxCornerShift(), d.stillFrames(), d.stillFor(), timeout);
      Files.createDirectories(outDir);
    } catch (ConfigException e) {
      err.println("invalid config " + config + ":");
      e.messages().forEach(m -> err.println("  " + m));
      return USAGE;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return USAGE;
    } catch (IOException e) {
      err.println("cannot create --out " + outDir + ": " + e.getMessage());
      return USAGE;
    }
    DocumentScanner scanner = new DocumentScanner(ScanLimits.DEFAULTS);
    out.println("document camera: " + camera.describe() + "; lay the page flat under it and keep your hands away");
    CaptureResult result;
    try {
      result = DocumentCamera.capture(camera, scanner, policy);
    } catch (DeviceException e) {
      err.println("document camera failed: " + e.getMessage());
      err.println("check: is it plugged in (ls /dev/video*)? Is the index right? Is the agent (or another program) "
          + "holding it?");
      return UNAVAILABLE;
    } finally {
      camera.close();
    }
    if (result instanceof CaptureResult.Missed m) {
      out.println("no capture after " + m.elapsedMs() + " ms / " + m.framesRead() + " frames: " + m.reason());
      out.println("advice: " + m.problem().residentMessage().key());
      return NO_PAGE;
    }
    CaptureResult.Captured c = (CaptureResult.Captured) result;
    out.printf(Locale.ROOT, "captured %dx%d after %d ms (%d frames): page still for %d ms (%d frames)%n", c.width(),
        c.height(), c.elapsedMs(), c.framesRead(), c.stillMs(), c.stillFrames());
    out.println("page corners: " + c.corners());
    try {
      Path frame = outDir.resolve("doccam-frame.bmp");
      Files.write(frame, c.picture());
      out.println("frame: " + frame.toAbsolutePath());
      ScanResult scan = scanner.scan(c.picture(), kind);
      if (scan instanceof ScanResult.Refused r) {
        out.println("scan refused (" + r.problem() + "): " + r.reason());
        out.println("advice: " + r.problem().residentMessage().key());
        return REFUSED;
      }
      ScanResult.Accepted a = (ScanResult.Accepted) scan;
      Path page = outDir.resolve("doccam-" + kind.name().toLowerCase(Locale.ROOT) + ".jpg");
      Files.write(page, a.jpeg());
      out.printf(Locale.ROOT, "scan: %dx%d, skew %.1f° corrected, %s%n", a.width(), a.height(), a.skewDegrees(),
          a.measures());
      out.println("scanned page: " + page.toAbsolutePath());
      out.println("document camera OK");
      return OK;
    } catch (IOException e) {
      err.println("cannot write to " + outDir + ": " + e.getMessage());
      return USAGE;
    }
  }

  private Camera camera() {
    DeviceProfile.Camera profile = null;
    if (config != null) {
      DoorstepConfig cfg = new ConfigLoader().load(config);
      profile = cfg.devices() == null ? null : cfg.devices().documentCamera();
    }
    if (file != null) {
      return OpenCvCamera.file(file, false);
    }
    if (device == null && profile != null && profile.file() != null && !profile.file().isBlank()) {
      return OpenCvCamera.file(Path.of(profile.file().trim()), false);
    }
    Integer index = device != null ? device : profile != null ? profile.index() : null;
    if (index == null) {
      throw new IllegalArgumentException("give --device N, --file video.avi or --config with devices.documentCamera");
    }
    int w = width != null ? width : profile != null && profile.width() != null ? profile.width() : 2592;
    int h = height != null ? height : profile != null && profile.height() != null ? profile.height() : 1944;
    int f = fps != null ? fps : profile != null && profile.fps() != null ? profile.fps() : 5;
    return OpenCvCamera.device(index, w, h, f);
  }
}
