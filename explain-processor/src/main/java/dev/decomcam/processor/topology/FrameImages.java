package dev.decomcam.processor.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Frame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.function.IntBinaryOperator;

/**
 * Decodes a frame record's image (JPEG or PNG); anything else is an IllegalArgumentException saying
 * why.
 */
final class FrameImages {
  private FrameImages() {}

  static BufferedImage decode(Frame frame) {
    return decode(frame, (w, h) -> 1).image();
  }

  /**
   * Decodes a frame record's image at the reduction {@code reduction} picks from its size (a JPEG;
   * other formats whole), for a model that only needs that much of it.
   */
  static JpegCodec.Reduced decode(Frame frame, IntBinaryOperator reduction) {
    if (!"jpeg".equalsIgnoreCase(frame.getEncoding())
        && !"png".equalsIgnoreCase(frame.getEncoding())) {
      throw new IllegalArgumentException(
          "unsupported image encoding '"
              + frame.getEncoding()
              + "': publish frames as jpeg or png");
    }
    try {
      ByteBuffer b = frame.getImage().duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return JpegCodec.decodeReduced(bytes, reduction);
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
