package org.doorstep.agent.device.idcard.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.doorstep.agent.device.idcard.WltPhotoDecoder;
import org.doorstep.agent.model.IdPhoto;

/**
 * The {@link WltPhotoDecoder} for simulated cards: decodes {@link TestWlt} blocks (NOT the vendor WLT format)
 * to a 102×126 PNG. Use it with {@link SamReaderSimulator}; on a kiosk configure the vendor decoder instead.
 * Stateless and thread-safe.
 */
public final class TestWltPhotoDecoder implements WltPhotoDecoder {
  @Override
  public IdPhoto decode(byte[] wlt) {
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream(16 * 1024);
      ImageIO.write(TestWlt.decode(wlt), "png", png);
      return IdPhoto.of(png.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory failed", e);
    }
  }
}
