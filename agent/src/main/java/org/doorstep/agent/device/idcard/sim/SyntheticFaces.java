package org.doorstep.agent.device.idcard.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Drawn, face-like ID portraits (102×126, light background, head, hair, eyes, brows, nose, mouth) for
 * simulated cards: no real person's face ships with the project. The same seed gives the same face; different
 * seeds vary head shape and feature positions so that two sample residents do not look identical.
 */
public final class SyntheticFaces {
  private SyntheticFaces() {}

  /** A 102×126 portrait for {@code seed}. */
  public static BufferedImage portrait(long seed) {
    Random r = new Random(seed);
    int w = TestWlt.WIDTH;
    int h = TestWlt.HEIGHT;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(236, 240, 244)); // ID photos: white/light background
    g.fillRect(0, 0, w, h);
    double faceW = 54 + r.nextInt(10);
    double faceH = 70 + r.nextInt(10);
    double cx = w / 2.0 + r.nextInt(5) - 2;
    double top = 22 + r.nextInt(6);
    // shoulders
    g.setColor(new Color(40, 50, 70));
    g.fill(new Ellipse2D.Double(cx - 50, top + faceH - 6, 100, 60));
    // neck
    g.setColor(new Color(200, 160, 130));
    g.fillRect((int) (cx - 11), (int) (top + faceH - 16), 22, 22);
    // hair behind the head
    g.setColor(new Color(25 + r.nextInt(40), 20 + r.nextInt(20), 20));
    g.fill(new Ellipse2D.Double(cx - faceW / 2 - 4, top - 8, faceW + 8, faceH * 0.75));
    // face
    g.setColor(new Color(222 - r.nextInt(30), 180 - r.nextInt(25), 150 - r.nextInt(25)));
    g.fill(new Ellipse2D.Double(cx - faceW / 2, top, faceW, faceH));
    // fringe
    g.setColor(new Color(30, 24, 20));
    g.fill(new Ellipse2D.Double(cx - faceW / 2, top - 4, faceW, faceH * 0.28));
    double eyeY = top + faceH * (0.40 + r.nextDouble() * 0.06);
    double eyeDx = faceW * (0.19 + r.nextDouble() * 0.05);
    for (int side = -1; side <= 1; side += 2) {
      double ex = cx + side * eyeDx;
      g.setColor(Color.WHITE);
      g.fill(new Ellipse2D.Double(ex - 6, eyeY - 3, 12, 6));
      g.setColor(new Color(30, 20, 15));
      g.fill(new Ellipse2D.Double(ex - 2.5, eyeY - 2.5, 5, 5));
      g.setStroke(new BasicStroke(2.2f));
      g.drawLine((int) (ex - 7), (int) (eyeY - 8 - r.nextInt(2)), (int) (ex + 7), (int) (eyeY - 8));
    }
    g.setColor(new Color(170, 120, 100));
    g.setStroke(new BasicStroke(1.6f));
    double noseY = eyeY + faceH * 0.2;
    g.drawLine((int) cx, (int) (eyeY + 4), (int) (cx - 3), (int) noseY);
    g.drawLine((int) (cx - 3), (int) noseY, (int) (cx + 3), (int) noseY);
    g.setColor(new Color(160, 70, 70));
    g.setStroke(new BasicStroke(2.4f));
    double mouthY = noseY + faceH * 0.13;
    double mouthW = 14 + r.nextInt(6);
    g.drawArc((int) (cx - mouthW / 2), (int) (mouthY - 4), (int) mouthW, 8, 200, 140);
    g.dispose();
    return img;
  }
}
