package dev.decomcam.processor.topology;

import dev.decomcam.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Decodes a frame record's image (JPEG or PNG); anything else is an IllegalArgumentException saying why. */
final class FrameImages {
  private FrameImages() {}

  static BufferedImage decode(Frame frame) {
    if (!"jpeg".equalsIgnoreCase(frame.getEncoding()) && !"png".equalsIgnoreCase(frame.getEncoding())) {
      throw new IllegalArgumentException("unsupported image encoding '" + frame.getEncoding()
          + "': publish frames as jpeg or png");
    }
    byte[] bytes = new byte[frame.getImage().remaining()];
    frame.getImage().duplicate().get(bytes);
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      img = null;
    }
    if (img == null) {
      throw new IllegalArgumentException("image bytes (" + bytes.length + ") are not a decodable "
          + frame.getEncoding() + " image: check the producer's encoder");
    }
    return img;
  }
}
