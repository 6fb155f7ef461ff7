package dev.decomcam.processor.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Frame;
import java.awt.image.BufferedImage;

/**
 * Decodes a frame record's image (JPEG or PNG); anything else is an IllegalArgumentException saying
 * why.
 */
final class FrameImages {
  private FrameImages() {}

  static BufferedImage decode(Frame frame) {
    if (!"jpeg".equalsIgnoreCase(frame.getEncoding())
        && !"png".equalsIgnoreCase(frame.getEncoding())) {
      throw new IllegalArgumentException(
          "unsupported image encoding '"
              + frame.getEncoding()
              + "': publish frames as jpeg or png");
    }
    try {
      return JpegCodec.decode(frame.getImage());
    } catch (RuntimeException e) {
      // the codec says what is wrong with the bytes; the record says which frame and encoding it
      // claimed
      throw new IllegalArgumentException(
          "image bytes ("
              + frame.getImage().remaining()
              + ") are not a decodable "
              + frame.getEncoding()
              + " image ("
              + e.getMessage()
              + "): check the producer's encoder",
          e);
    }
  }
}
