package org.doorstep.agent.vision.document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.doorstep.agent.vision.document.ScanResult.Accepted;
import org.doorstep.agent.vision.document.ScanResult.Corner;
import org.doorstep.agent.vision.document.ScanResult.Measures;
import org.doorstep.agent.vision.document.ScanResult.Refused;
import org.doorstep.agent.vision.opencv.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a document-camera picture into a flat, straight, checked page: find the page outline (the largest
 * four-cornered bright region: Otsu threshold, then Canny edges as the fallback), correct the perspective
 * to the document's shape, deskew the residual text tilt (projection profile), check brightness, glare and
 * sharpness, and encode as JPEG.
 *
 * <p>Assumes a page lighter than its background (the dark mat of a document camera). A page placed
 * upside down comes out upside down, and a landscape document placed upright is turned a quarter turn one
 * way (the scanner does not read text to tell up from down).
 *
 * <p>Pure computation on the caller's thread (see docs/benchmarks.md for the time at the document camera's
 * resolution): call it on a worker. Stateless and thread-safe.
 */
public final class DocumentScanner {
  /** Long side of the picture copy the outline is searched in. */
  static final int FIND_PX = 800;
  /** Long side the rectified page is measured at, so that the limits do not depend on the output size. */
  static final int MEASURE_PX = 1000;
  /** Grey level from which a pixel counts as blown out (all three channels). */
  static final int SATURATED = 250;
  /** Largest residual skew searched (degrees); a page tilted more is corrected by its outline anyway. */
  static final double MAX_SKEW = 5.0;
  /** Tiles per side for the sharpness measure. */
  static final int TILES = 8;
  /** Which tile's sharpness counts: the sharpest tenth of the page is where the print is. */
  static final int TILE_PERCENTILE = 90;
  /** Residual skew below which the page is left as is (degrees). */
  static final double MIN_SKEW = 0.25;
  /** A page is at least this many grey levels lighter than the mat around it. */
  static final int MIN_CONTRAST = 25;
  /** Corners closer than this to the picture's edge (pixels at {@value #FIND_PX}) mean the page is cut off. */
  private static final int EDGE_PX = 3;

  static {
    OpenCv.load();
  }

  private final ScanLimits limits;

  public DocumentScanner(ScanLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits applied. */
  public ScanLimits limits() {
    return limits;
  }

  /**
   * Scans an encoded picture (JPEG, PNG, BMP).
   *
   * @throws IllegalArgumentException when the bytes are not an image
   */
  public ScanResult scan(byte[] picture, DocumentKind kind) {
    Mat bgr = Imgcodecs.imdecode(new MatOfByte(picture), Imgcodecs.IMREAD_COLOR);
    try {
      if (bgr.empty()) {
        throw new IllegalArgumentException("picture: not a JPEG, PNG or BMP image (" + picture.length + " bytes)");
      }
      return scan(bgr, kind);
    } finally {
      bgr.release();
    }
  }

  /** Scans a BGR picture (the caller keeps and releases it). */
  public ScanResult scan(Mat bgr, DocumentKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("picture: must be a non-empty 8-bit 3-channel image, was " + bgr);
    }
    List<Mat> scratch = new ArrayList<>();
    try {
      return scan(bgr, kind, scratch);
    } finally {
      scratch.forEach(Mat::release);
    }
  }

  /**
   * Step one of {@link #scan}: where the page is in {@code bgr} (searched in a copy of {@value #FIND_PX} px long
   * side), or why no page is there. The auto-capture runs it on every frame of the document camera, on a
   * downscaled copy of the frame (see {@link #findPage(Mat, int)}).
   */
  public PageSearch findPage(Mat bgr) {
    return findPage(bgr, FIND_PX);
  }

  /**
   * {@link #findPage(Mat)} searching a copy of {@code searchPx} long side (none when {@code bgr} is no larger).
   *
   * @return {@link PageSearch.Found} with the corners in {@code bgr}'s pixels (top-left, top-right, bottom-right,
   *     bottom-left as seen), or {@link PageSearch.NotFound} with the problem (NOT_FOUND, CUT_OFF, TOO_SMALL)
   */
  public PageSearch findPage(Mat bgr, int searchPx) {
    if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("picture: must be a non-empty 8-bit 3-channel image, was " + bgr);
    }
    if (searchPx < 64) {
      throw new IllegalArgumentException("searchPx: must be >= 64, was " + searchPx);
    }
    List<Mat> scratch = new ArrayList<>();
    try {
      return findPage(bgr, searchPx, scratch);
    } finally {
      scratch.forEach(Mat::release);
    }
  }

  private PageSearch findPage(Mat bgr, int searchPx, List<Mat> scratch) {
    double scale = Math.min(1.0, (double) searchPx / Math.max(bgr.cols(), bgr.rows()));
    Mat small = bgr;
    if (scale < 1) {
      small = keep(scratch, new Mat());
      Imgproc.resize(bgr, small, new Size(), scale, scale, Imgproc.INTER_AREA);
    }
    Mat grey = keep(scratch, new Mat());
    Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
    Imgproc.GaussianBlur(grey, grey, new Size(5, 5), 0);

    Optional<MatOfPoint> outline = largestRegion(grey, scratch);
    if (outline.isEmpty()) {
      return new PageSearch.NotFound(ScanProblem.NOT_FOUND, "no region stands out from the background");
    }
    double pageRatio = Imgproc.contourArea(outline.get()) / ((double) grey.cols() * grey.rows());
    double contrast = contrast(grey, outline.get(), scratch);
    if (contrast < MIN_CONTRAST) {
      return new PageSearch.NotFound(ScanProblem.NOT_FOUND, String.format(Locale.ROOT,
          "nothing lighter than the background (contrast %.0f < %d grey levels)", contrast, MIN_CONTRAST));
    }
    if (touchesEdge(outline.get(), grey.cols(), grey.rows())) {
      return new PageSearch.NotFound(ScanProblem.CUT_OFF, "the page outline touches the picture's edge");
    }
    Optional<Point[]> quad = quadrilateral(outline.get(), scratch);
    if (quad.isEmpty()) {
      return new PageSearch.NotFound(ScanProblem.NOT_FOUND, "the largest region has no four corners");
    }
    if (pageRatio < limits.minPageRatio()) {
      return new PageSearch.NotFound(ScanProblem.TOO_SMALL, String.format(Locale.ROOT,
          "page covers %.1f %% of the picture < %.1f %%", 100 * pageRatio, 100 * limits.minPageRatio()));
    }
    List<Corner> found = new ArrayList<>(4);
    for (Point p : order(quad.get())) {
      found.add(new Corner(p.x / scale, p.y / scale));
    }
    return new PageSearch.Found(found, pageRatio);
  }

  private ScanResult scan(Mat bgr, DocumentKind kind, List<Mat> scratch) {
    PageSearch search = findPage(bgr, FIND_PX, scratch);
    if (search instanceof PageSearch.NotFound n) {
      return refused(n.problem(), n.reason(), null);
    }
    PageSearch.Found page0 = (PageSearch.Found) search;
    double pageRatio = page0.pageRatio();
    Point[] corners = new Point[4];
    for (int i = 0; i < 4; i++) {
      corners[i] = new Point(page0.corners().get(i).x(), page0.corners().get(i).y());
    }
    corners = orient(corners, kind);
    Size out = outputSize(corners, kind);
    Mat page = keep(scratch, new Mat());
    Mat h = keep(scratch, Imgproc.getPerspectiveTransform(keep(scratch, new MatOfPoint2f(corners)),
        keep(scratch, new MatOfPoint2f(new Point(0, 0), new Point(out.width - 1, 0),
            new Point(out.width - 1, out.height - 1), new Point(0, out.height - 1)))));
    Imgproc.warpPerspective(bgr, page, h, out, Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);

    Measures m = measure(page, pageRatio, scratch);
    if (m.brightness() < limits.minBrightness()) {
      return refused(ScanProblem.TOO_DARK, String.format(Locale.ROOT, "mean brightness %.0f < %.0f",
          m.brightness(), limits.minBrightness()), m);
    }
    if (m.glareRatio() > limits.maxGlareRatio()) {
      return refused(ScanProblem.GLARE, String.format(Locale.ROOT, "glare on %.2f %% of the page > %.2f %%",
          100 * m.glareRatio(), 100 * limits.maxGlareRatio()), m);
    }
    if (m.sharpness() < limits.minSharpness()) {
      return refused(ScanProblem.BLURRED, String.format(Locale.ROOT,
          "sharpness (variance of the Laplacian) %.0f < %.0f", m.sharpness(), limits.minSharpness()), m);
    }
    double skew = skewDegrees(page, scratch);
    if (Math.abs(skew) >= MIN_SKEW) {
      Mat r = keep(scratch, Imgproc.getRotationMatrix2D(new Point(out.width / 2.0, out.height / 2.0), skew, 1.0));
      Mat straight = keep(scratch, new Mat());
      Imgproc.warpAffine(page, straight, r, page.size(), Imgproc.INTER_LINEAR, Core.BORDER_REPLICATE);
      page = straight;
    }
    MatOfByte jpeg = keep(scratch, new MatOfByte());
    Imgcodecs.imencode(".jpg", page, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, limits.jpegQuality()));
    List<Corner> found = new ArrayList<>(4);
    for (Point p : corners) {
      found.add(new Corner(p.x, p.y));
    }
    return new Accepted(jpeg.toArray(), found, page.cols(), page.rows(), skew, m);
  }

  // ---------------------------------------------------------------- outline

  /** The largest bright region: Otsu on the grey picture, else Canny edges closed into regions. */
  private static Optional<MatOfPoint> largestRegion(Mat grey, List<Mat> scratch) {
    Mat bin = keep(scratch, new Mat());
    Imgproc.threshold(grey, bin, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
    Imgproc.morphologyEx(bin, bin, Imgproc.MORPH_CLOSE,
        keep(scratch, Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(5, 5))));
    Optional<MatOfPoint> otsu = largestContour(bin, scratch);
    if (otsu.isPresent() && quadrilateral(otsu.get(), scratch).isPresent()) {
      return otsu;
    }
    Mat edges = keep(scratch, new Mat());
    Imgproc.Canny(grey, edges, 40, 120);
    Imgproc.dilate(edges, edges, keep(scratch, Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(3, 3))));
    Optional<MatOfPoint> canny = largestContour(edges, scratch);
    return canny.isPresent() ? canny : otsu;
  }

  private static Optional<MatOfPoint> largestContour(Mat bin, List<Mat> scratch) {
    List<MatOfPoint> contours = new ArrayList<>();
    Imgproc.findContours(bin, contours, keep(scratch, new Mat()), Imgproc.RETR_EXTERNAL,
        Imgproc.CHAIN_APPROX_SIMPLE);
    scratch.addAll(contours);
    double minArea = 0.02 * bin.cols() * bin.rows();
    return contours.stream().filter(c -> Imgproc.contourArea(c) >= minArea)
        .max(Comparator.comparingDouble(Imgproc::contourArea));
  }

  /** Mean grey inside the outline minus mean grey outside it. */
  private static double contrast(Mat grey, MatOfPoint outline, List<Mat> scratch) {
    Mat mask = keep(scratch, Mat.zeros(grey.size(), CvType.CV_8UC1));
    Imgproc.drawContours(mask, List.of(outline), 0, Scalar.all(255), -1);
    double inside = Core.mean(grey, mask).val[0];
    Core.bitwise_not(mask, mask);
    if (Core.countNonZero(mask) == 0) {
      return 0;
    }
    return inside - Core.mean(grey, mask).val[0];
  }

  private static boolean touchesEdge(MatOfPoint contour, int w, int h) {
    for (Point p : contour.toArray()) {
      if (p.x < EDGE_PX || p.y < EDGE_PX || p.x >= w - EDGE_PX || p.y >= h - EDGE_PX) {
        return true;
      }
    }
    return false;
  }

  /** Four corners of the outline's convex hull, trying looser approximations until there are four. */
  private static Optional<Point[]> quadrilateral(MatOfPoint contour, List<Mat> scratch) {
    MatOfInt hullIdx = keep(scratch, new MatOfInt());
    Imgproc.convexHull(contour, hullIdx);
    Point[] pts = contour.toArray();
    int[] idx = hullIdx.toArray();
    Point[] hull = new Point[idx.length];
    for (int i = 0; i < idx.length; i++) {
      hull[i] = pts[idx[i]];
    }
    MatOfPoint2f h2 = keep(scratch, new MatOfPoint2f(hull));
    double perimeter = Imgproc.arcLength(h2, true);
    for (double eps = 0.01; eps <= 0.06; eps += 0.005) {
      MatOfPoint2f approx = keep(scratch, new MatOfPoint2f());
      Imgproc.approxPolyDP(h2, approx, eps * perimeter, true);
      if (approx.total() == 4) {
        return Optional.of(approx.toArray());
      }
      if (approx.total() < 4) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Top-left, top-right, bottom-right, bottom-left: by angle about the centre (pages tilted under 45°). */
  static Point[] order(Point[] q) {
    double cx = 0;
    double cy = 0;
    for (Point p : q) {
      cx += p.x / q.length;
      cy += p.y / q.length;
    }
    double fx = cx;
    double fy = cy;
    Point[] sorted = q.clone();
    java.util.Arrays.sort(sorted, Comparator.comparingDouble(p -> Math.atan2(p.y - fy, p.x - fx)));
    // atan2 with y down runs clockwise from the left: the first point is top-left when tilted under 45°.
    return new Point[] {sorted[0].clone(), sorted[1].clone(), sorted[2].clone(), sorted[3].clone()};
  }

  /** A landscape document lying upright (or the reverse) is turned so that its long side is on top. */
  private static Point[] orient(Point[] c, DocumentKind kind) {
    if (kind.aspect().isEmpty()) {
      return c;
    }
    double w = (dist(c[0], c[1]) + dist(c[3], c[2])) / 2;
    double h = (dist(c[0], c[3]) + dist(c[1], c[2])) / 2;
    boolean landscape = kind.aspect().get() >= 1;
    if (landscape == (w >= h)) {
      return c;
    }
    return new Point[] {c[1], c[2], c[3], c[0]};
  }

  private static Size outputSize(Point[] c, DocumentKind kind) {
    double aspect = kind.aspect().orElseGet(() -> {
      double w = (dist(c[0], c[1]) + dist(c[3], c[2])) / 2;
      double h = (dist(c[0], c[3]) + dist(c[1], c[2])) / 2;
      return w / h;
    });
    int longSide = kind.longSidePx();
    return aspect >= 1 ? new Size(longSide, Math.round(longSide / aspect))
        : new Size(Math.round(longSide * aspect), longSide);
  }

  private static double dist(Point a, Point b) {
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  // ---------------------------------------------------------------- checks

  private static Measures measure(Mat page, double pageRatio, List<Mat> scratch) {
    double s = (double) MEASURE_PX / Math.max(page.cols(), page.rows());
    Mat norm = keep(scratch, new Mat());
    Imgproc.resize(page, norm, new Size(), s, s, s < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
    Mat grey = keep(scratch, new Mat());
    Imgproc.cvtColor(norm, grey, Imgproc.COLOR_BGR2GRAY);
    double brightness = Core.mean(grey).val[0];

    // Blown out: every channel saturated (a white page in good light stays below SATURATED).
    List<Mat> ch = new ArrayList<>(3);
    Core.split(norm, ch);
    scratch.addAll(ch);
    Mat minCh = keep(scratch, new Mat());
    Core.min(ch.get(0), ch.get(1), minCh);
    Core.min(minCh, ch.get(2), minCh);
    Mat blown = keep(scratch, new Mat());
    Imgproc.threshold(minCh, blown, SATURATED - 1, 255, Imgproc.THRESH_BINARY);
    double glare = (double) Core.countNonZero(blown) / (blown.cols() * (double) blown.rows());

    double sharpness = tileSharpness(grey, scratch);
    return new Measures(pageRatio, sharpness, glare, brightness);
  }

  /**
   * Sharpness that does not depend on how much is printed: the variance of the Laplacian in each of
   * {@value #TILES}×{@value #TILES} tiles, and the value at the {@value #TILE_PERCENTILE} percentile of the
   * tiles (an ID card's few lines and a full form score alike; blank tiles do not count).
   */
  static double tileSharpness(Mat grey, List<Mat> scratch) {
    Mat lap = keep(scratch, new Mat());
    Imgproc.Laplacian(grey, lap, CvType.CV_64F);
    int tw = lap.cols() / TILES;
    int th = lap.rows() / TILES;
    double[] v = new double[TILES * TILES];
    MatOfDouble mean = keep(scratch, new MatOfDouble());
    MatOfDouble sd = keep(scratch, new MatOfDouble());
    for (int r = 0; r < TILES; r++) {
      for (int c = 0; c < TILES; c++) {
        Mat tile = lap.submat(r * th, (r + 1) * th, c * tw, (c + 1) * tw);
        Core.meanStdDev(tile, mean, sd);
        tile.release();
        double d = sd.get(0, 0)[0];
        v[r * TILES + c] = d * d;
      }
    }
    java.util.Arrays.sort(v);
    return v[(int) Math.floor(TILE_PERCENTILE / 100.0 * (v.length - 1))];
  }

  /**
   * Residual tilt of the text lines (degrees; rotating the page by it makes them level): the angle whose
   * rotation gives the row profile of dark pixels the largest variance, searched coarse then fine.
   */
  static double skewDegrees(Mat page, List<Mat> scratch) {
    double s = 500.0 / Math.max(page.cols(), page.rows());
    Mat small = keep(scratch, new Mat());
    Imgproc.resize(page, small, new Size(), s, s, Imgproc.INTER_AREA);
    Mat grey = keep(scratch, new Mat());
    Imgproc.cvtColor(small, grey, Imgproc.COLOR_BGR2GRAY);
    Mat ink = keep(scratch, new Mat());
    Imgproc.adaptiveThreshold(grey, ink, 255, Imgproc.ADAPTIVE_THRESH_MEAN_C, Imgproc.THRESH_BINARY_INV, 25, 15);
    double best = 0;
    double bestScore = profileScore(ink, 0, scratch);
    for (double a = -MAX_SKEW; a <= MAX_SKEW + 1e-9; a += 0.5) {
      double score = profileScore(ink, a, scratch);
      if (score > bestScore) {
        bestScore = score;
        best = a;
      }
    }
    double coarse = best;
    for (double a = coarse - 0.4; a <= coarse + 0.4 + 1e-9; a += 0.1) {
      double score = profileScore(ink, a, scratch);
      if (score > bestScore) {
        bestScore = score;
        best = a;
      }
    }
    return Math.round(best * 10) / 10.0;
  }

  private static double profileScore(Mat ink, double degrees, List<Mat> scratch) {
    Mat rotated = new Mat();
    Mat rows = new Mat();
    try {
      Mat r = Imgproc.getRotationMatrix2D(new Point(ink.cols() / 2.0, ink.rows() / 2.0), degrees, 1.0);
      Imgproc.warpAffine(ink, rotated, r, ink.size(), Imgproc.INTER_NEAREST, Core.BORDER_CONSTANT, Scalar.all(0));
      r.release();
      Core.reduce(rotated, rows, 1, Core.REDUCE_SUM, CvType.CV_64F);
      MatOfDouble mean = new MatOfDouble();
      MatOfDouble sd = new MatOfDouble();
      Core.meanStdDev(rows, mean, sd);
      double v = sd.get(0, 0)[0];
      mean.release();
      sd.release();
      return v * v;
    } finally {
      rotated.release();
      rows.release();
    }
  }

  private static Refused refused(ScanProblem problem, String reason, Measures m) {
    return new Refused(problem, reason, Optional.ofNullable(m));
  }

  private static <M extends Mat> M keep(List<Mat> scratch, M m) {
    scratch.add(m);
    return m;
  }
}
