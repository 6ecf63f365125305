package org.doorstep.agent.vision.document.camera;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.PeripheralHealth;
import org.doorstep.agent.device.camera.Camera;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.agent.vision.document.DocumentKind;
import org.doorstep.agent.vision.document.DocumentScanService;
import org.doorstep.agent.vision.document.DocumentScanner;
import org.doorstep.agent.vision.document.PageSearch;
import org.doorstep.agent.vision.document.ScanOutcome;
import org.doorstep.agent.vision.document.ScanProblem;
import org.doorstep.agent.vision.document.ScanResult.Corner;
import org.doorstep.agent.vision.document.autocapture.AutoCapture;
import org.doorstep.agent.vision.document.autocapture.AutoCapturePolicy;
import org.doorstep.agent.vision.document.autocapture.CaptureStep;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document camera with auto-capture: reads frames at the camera's full resolution, analyses a copy of
 * {@value #ANALYSIS_PX} px long side of each ({@link DocumentScanner#findPage} for the outline, the mean
 * absolute grey difference from the previous copy for motion), feeds {@link AutoCapture} and keeps the full
 * frame it picks. {@link #scan} hands that frame to {@link DocumentScanService}, which rectifies, deskews,
 * checks and keeps it.
 *
 * <p>Everything OpenCV runs on one named worker thread ({@value #WORKER}), which owns the camera; the camera
 * stays open between captures (a UVC camera takes a second to start) until {@link #close()}.
 */
public final class DocumentCamera implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentCamera.class);
  /** The worker pool name (one thread). */
  public static final String WORKER = "document-camera";
  /** Long side of the copy each frame is analysed at (the outline and the motion; the capture stays full size). */
  public static final int ANALYSIS_PX = 400;

  private final WorkerExecutor worker;
  private final Camera camera;
  private final DocumentScanner finder;
  private final AutoCapturePolicy policy;
  private final HealthRegistry health;

  /**
   * @param camera the document camera (taken over: closed on {@link #close()})
   * @param finder finds the page outline (its limits decide what counts as a page)
   * @param health where {@link Peripheral#DOCUMENT_CAMERA} is reported: ONLINE after a capture or probe that got
   *     frames, OFFLINE when the camera cannot be opened, HWERROR when it stops delivering frames
   */
  public DocumentCamera(Vertx vertx, Camera camera, DocumentScanner finder, AutoCapturePolicy policy,
      HealthRegistry health) {
    this.worker = Objects.requireNonNull(vertx, "vertx").createSharedWorkerExecutor(WORKER, 1, 2, TimeUnit.MINUTES);
    this.camera = Objects.requireNonNull(camera, "camera");
    this.finder = Objects.requireNonNull(finder, "finder");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.health = Objects.requireNonNull(health, "health");
  }

  /**
   * Opens the camera (it then stays open) and reports its health; never fails. A UVC camera that is unplugged or
   * held by another program shows as OFFLINE with the reason.
   */
  public Future<Void> probe() {
    return reported(worker.<Void>executeBlocking(() -> {
      camera.open();
      return null;
    }, true)).otherwiseEmpty();
  }

  /** What the camera is, for logs. */
  public String describe() {
    return camera.describe();
  }

  /**
   * One auto-capture: waits (at most the policy's timeout) for a still page and takes it.
   *
   * @return Captured or Missed; failed with {@link org.doorstep.agent.device.DeviceException} when the camera
   *     cannot be opened (NOT_CONNECTED) or stops delivering frames (HARDWARE_ERROR)
   */
  public Future<CaptureResult> capture() {
    return reported(worker.executeBlocking(() -> capture(camera, finder, policy), true));
  }

  private <T> Future<T> reported(Future<T> f) {
    return f.onSuccess(x -> health.setStatus(Peripheral.DOCUMENT_CAMERA, PeripheralHealth.ONLINE))
        .onFailure(err -> {
          DeviceFault fault = DeviceException.faultOf(err);
          LOG.error("document camera {}: {}", camera.describe(), err.getMessage());
          health.reportFault(Peripheral.DOCUMENT_CAMERA, fault == DeviceFault.UNKNOWN ? DeviceFault.HARDWARE_ERROR : fault,
              fault == DeviceFault.NOT_CONNECTED ? "document camera cannot be opened: check its cable and "
                  + "devices.documentCamera.index" : "document camera stopped delivering frames");
        });
  }

  /**
   * Auto-capture, then the scan of the taken frame as {@code kind} for record {@code recordId} ({@link
   * DocumentScanService#scan}): Kept, or Retake with what to do; a missed capture is a Retake with its problem
   * ("no page found …").
   */
  public Future<ScanOutcome> scan(DocumentScanService service, String recordId, DocumentKind kind) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(kind, "kind");
    return capture().compose(r -> {
      if (r instanceof CaptureResult.Missed m) {
        LOG.info("document camera: no capture ({}): {}", kind, m.reason());
        return Future.succeededFuture(new ScanOutcome.Retake(m.problem(), m.reason()));
      }
      CaptureResult.Captured c = (CaptureResult.Captured) r;
      LOG.info("document camera: page still for {} ms ({} frames), captured {}x{} after {} ms", c.stillMs(),
          c.stillFrames(), c.width(), c.height(), c.elapsedMs());
      return service.scan(recordId, kind, c.picture());
    });
  }

  /**
   * The capture loop itself, blocking on the caller's thread (the worker; {@code agent diag doccam} and the
   * benchmark call it directly). Opens {@code camera} if it is not open; leaves it open.
   */
  public static CaptureResult capture(Camera camera, DocumentScanner finder, AutoCapturePolicy policy) {
    OpenCv.load();
    camera.open();
    Mat frame = new Mat();
    Analysis analysis = new Analysis(finder);
    AutoCapture auto = null;
    int frames = 0;
    long firstMs = -1;
    long atMs = -1;
    try {
      while (true) {
        long t = camera.read(frame);
        if (t < 0) {
          long elapsed = firstMs < 0 ? 0 : atMs - firstMs;
          String last = auto == null || auto.last() == null ? "no frame" : auto.last().describe();
          return new CaptureResult.Missed(ScanProblem.NOT_FOUND, "no still page: the video ended after " + frames
              + " frames (last frame: " + last + ")", elapsed, frames);
        }
        atMs = t;
        if (firstMs < 0) {
          firstMs = t;
          auto = new AutoCapture(policy, frame.cols(), frame.rows());
        }
        frames++;
        CaptureStep step = analysis.offer(auto, frame, t);
        if (step instanceof CaptureStep.Capture c) {
          return new CaptureResult.Captured(bmp(frame), frame.cols(), frame.rows(), c.corners(), c.stillFrames(),
              c.stillMs(), c.elapsedMs(), frames);
        }
        if (step instanceof CaptureStep.GiveUp g) {
          return new CaptureResult.Missed(g.problem(), g.reason(), g.elapsedMs(), frames);
        }
      }
    } finally {
      frame.release();
      analysis.release();
    }
  }

  /** Releases the camera (on the worker, after a capture under way). */
  @Override
  public void close() {
    worker.executeBlocking(() -> {
      camera.close();
      return null;
    }, true).onComplete(r -> worker.close());
  }

  /** BMP: lossless and a plain copy (PNG costs hundreds of milliseconds at these sizes; docs/benchmarks.md). */
  private static byte[] bmp(Mat frame) {
    MatOfByte out = new MatOfByte();
    try {
      Imgcodecs.imencode(".bmp", frame, out);
      return out.toArray();
    } finally {
      out.release();
    }
  }

  /**
   * The per-frame analysis on a downscaled copy: the page outline (scaled back to the frame's pixels) and the
   * motion since the previous copy. Public for the benchmark; not thread-safe.
   */
  public static final class Analysis {
    private final DocumentScanner finder;
    private final Mat small = new Mat();
    private final Mat grey = new Mat();
    private final Mat previous = new Mat();
    private final Mat diff = new Mat();

    public Analysis(DocumentScanner finder) {
      this.finder = Objects.requireNonNull(finder, "finder");
    }

    /** Analyses {@code frame} (BGR, full size) taken at {@code atMs} and offers it to {@code auto}. */
    public CaptureStep offer(AutoCapture auto, Mat frame, long atMs) {
      double scale = Math.min(1.0, (double) ANALYSIS_PX / Math.max(frame.cols(), frame.rows()));
      Imgproc.resize(frame, small, new Size(), scale, scale, Imgproc.INTER_AREA);
      Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
      double motion = Double.NaN;
      if (!previous.empty() && previous.size().equals(grey.size())) {
        Core.absdiff(grey, previous, diff);
        motion = Core.mean(diff).val[0];
      }
      grey.copyTo(previous);
      PageSearch page = finder.findPage(small, ANALYSIS_PX);
      if (page instanceof PageSearch.Found f && scale < 1) {
        List<Corner> full = f.corners().stream().map(c -> new Corner(c.x() / scale, c.y() / scale)).toList();
        page = new PageSearch.Found(full, f.pageRatio());
      }
      return auto.offer(atMs, page, motion);
    }

    /** Frees the copies. */
    public void release() {
      small.release();
      grey.release();
      previous.release();
      diff.release();
    }
  }
}
