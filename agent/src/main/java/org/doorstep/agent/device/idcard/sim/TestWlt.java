package org.doorstep.agent.device.idcard.sim;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The simulator's "test WLT": a documented stand-in that fits the card's 1024-byte photo block. This is
 * NOT the vendor WLT format (which is proprietary, see PERIPHERALS.md §1); a real reader's block cannot be
 * read with it, and its blocks mean nothing to a vendor decoder.
 *
 * <pre>
 * offset size  content
 *  0      4    magic "DSTW" (Doorstep Test WLT)
 *  4      1    version 1
 *  5      1    width  34  (the 102×126 photo down-sampled 3×3)
 *  6      1    height 42
 *  7      1    bits per pixel: 4 (16 grey levels)
 *  8    714    pixels, row-major, two per byte, high nibble first
 * 722   302    zero padding
 * </pre>
 *
 * Decoding up-samples bilinearly back to 102×126. Plenty for a face detector and a synthetic 1:1 match in
 * tests, lossy like the real thing.
 */
public final class TestWlt {
  /** The photo block size of a card. */
  public static final int BLOCK_SIZE = 1024;
  /** The photo size a WLT decodes to. */
  public static final int WIDTH = 102;
  public static final int HEIGHT = 126;

  static final byte[] MAGIC = {'D', 'S', 'T', 'W'};
  private static final int SCALE = 3;
  private static final int W = WIDTH / SCALE;
  private static final int H = HEIGHT / SCALE;
  private static final int HEADER = 8;

  private TestWlt() {}

  /** Encodes {@code photo} (any size; scaled to 102×126 first) as a 1024-byte test-WLT block. */
  public static byte[] encode(BufferedImage photo) {
    BufferedImage img = scaled(photo);
    byte[] block = new byte[BLOCK_SIZE];
    System.arraycopy(MAGIC, 0, block, 0, 4);
    block[4] = 1;
    block[5] = (byte) W;
    block[6] = (byte) H;
    block[7] = 4;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int sum = 0;
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            sum += grey(img.getRGB(x * SCALE + dx, y * SCALE + dy));
          }
        }
        int level = Math.min(15, (sum / (SCALE * SCALE) + 8) / 17);
        int i = y * W + x;
        int at = HEADER + i / 2;
        block[at] |= (byte) ((i % 2 == 0) ? level << 4 : level);
      }
    }
    return block;
  }

  /** Whether {@code block} starts with the test-WLT magic. */
  public static boolean isTestWlt(byte[] block) {
    return block != null && block.length >= HEADER && Arrays.equals(Arrays.copyOf(block, 4), MAGIC);
  }

  /**
   * Decodes a test-WLT block to a 102×126 3-byte BGR image (grey).
   *
   * @throws IllegalArgumentException when {@code block} is not a version-1 test-WLT block
   */
  public static BufferedImage decode(byte[] block) {
    if (!isTestWlt(block) || block.length < HEADER + W * H / 2 || block[4] != 1 || block[5] != W || block[6] != H
        || block[7] != 4) {
      throw new IllegalArgumentException("photo: not a Doorstep test-WLT block (is this a real WLT? "
          + "a real reader needs the vendor's decoder)");
    }
    float[][] small = new float[H][W];
    for (int i = 0; i < W * H; i++) {
      int b = block[HEADER + i / 2] & 0xFF;
      small[i / W][i % W] = ((i % 2 == 0) ? b >>> 4 : b & 0x0F) * 17f;
    }
    BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < HEIGHT; y++) {
      float sy = Math.max(0, Math.min(H - 1, (y + 0.5f) / SCALE - 0.5f));
      int y0 = (int) sy;
      int y1 = Math.min(H - 1, y0 + 1);
      float fy = sy - y0;
      for (int x = 0; x < WIDTH; x++) {
        float sx = Math.max(0, Math.min(W - 1, (x + 0.5f) / SCALE - 0.5f));
        int x0 = (int) sx;
        int x1 = Math.min(W - 1, x0 + 1);
        float fx = sx - x0;
        float v = (small[y0][x0] * (1 - fx) + small[y0][x1] * fx) * (1 - fy)
            + (small[y1][x0] * (1 - fx) + small[y1][x1] * fx) * fy;
        int g = Math.round(Math.max(0, Math.min(255, v)));
        out.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    return out;
  }

  private static BufferedImage scaled(BufferedImage photo) {
    if (photo.getWidth() == WIDTH && photo.getHeight() == HEIGHT) {
      return photo;
    }
    BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    java.awt.Graphics2D g = out.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(photo, 0, 0, WIDTH, HEIGHT, null);
    g.dispose();
    return out;
  }

  private static int grey(int rgb) {
    int r = (rgb >>> 16) & 0xFF;
    int g = (rgb >>> 8) & 0xFF;
    int b = rgb & 0xFF;
    return (r * 299 + g * 587 + b * 114) / 1000;
  }
}
