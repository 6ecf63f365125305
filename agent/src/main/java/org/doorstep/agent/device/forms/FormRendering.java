package org.doorstep.agent.device.forms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Renders forms off the event loop: one worker thread ({@value #WORKER}) and one {@link PdfFormRenderer}
 * (whose parsed font is reused), made on first use. Every form printer adapter renders through this, so
 * the SIMULATED driver prints the same bytes the IPP driver sends.
 *
 * <p>Failures: {@link org.doorstep.agent.device.DeviceException} {@code FONT_MISSING} when the font is not
 * installed; {@link IllegalArgumentException} for a text the font cannot show.
 */
public final class FormRendering implements AutoCloseable {
  /** The worker's name. */
  public static final String WORKER = "forms";

  private final WorkerExecutor worker;
  private final Supplier<Path> fontFile;
  private PdfFormRenderer renderer;

  /** Rendering with the installed forms font ({@link FormFonts#regular()}). */
  public FormRendering(Vertx vertx) {
    this(vertx, FormFonts::regular);
  }

  /** Rendering with the font that {@code fontFile} names when first needed. */
  public FormRendering(Vertx vertx, Supplier<Path> fontFile) {
    this.worker = vertx.createSharedWorkerExecutor(WORKER, 1);
    this.fontFile = Objects.requireNonNull(fontFile, "fontFile");
  }

  /** The PDF of {@code sheet}. */
  public Future<byte[]> pdf(FormSheet sheet) {
    return worker.executeBlocking(() -> renderer().render(sheet));
  }

  private synchronized PdfFormRenderer renderer() {
    if (renderer == null) {
      renderer = new PdfFormRenderer(fontFile.get());
    }
    return renderer;
  }

  @Override
  public synchronized void close() {
    if (renderer != null) {
      renderer.close();
      renderer = null;
    }
    worker.close();
  }
}
