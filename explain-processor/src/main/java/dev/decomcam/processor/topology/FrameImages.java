package dev.decomcam.processor.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.schemas.Frame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntBinaryOperator;

/**
 * Decodes a frame record's image (JPEG or PNG) within a pixel limit; anything else is an
 * IllegalArgumentException saying why.
 */
final class FrameImages {
  private FrameImages() {}

  static BufferedImage decode(Frame frame, PixelLimit limit) {
    return decode(frame, limit, (w, h) -> 1).image();
  }

  /**
   * Decodes a frame record's image at the reduction {@code reduction} picks from its size (a JPEG;
   * other formats whole), for a model that only needs that much of it.
   */
  static JpegCodec.Reduced decode(Frame frame, PixelLimit limit, IntBinaryOperator reduction) {
    if (!"jpeg".equalsIgnoreCase(frame.getEncoding())
        && !"png".equalsIgnoreCase(frame.getEncoding())) {
      throw new IllegalArgumentException(
          "unsupported image encoding '"
              + frame.getEncoding()
              + "': publish frames as jpeg or png");
    }
    try {
      String actual = format(frame.getImage());
      if (!frame.getEncoding().equalsIgnoreCase(actual)) {
        // the codec would decode any format it knows; a record must hold what it says it holds
        throw new IllegalArgumentException(
            !frame.getImage().hasRemaining()
                ? "there are none: the record carries no image"
                : actual == null
                    ? "they are not a known image format"
                    : "they are a "
                        + actual
                        + " image where the frame says "
                        + frame.getEncoding());
      }
      return JpegCodec.decodeReduced(bytes(frame.getImage()), limit, reduction);
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

  /**
   * The remaining bytes of {@code image}: its own array when the buffer spans all of it (what Avro
   * decodes a record's bytes field to), since decoding only reads them, else a copy.
   */
  static byte[] bytes(ByteBuffer image) {
    if (image.hasArray()
        && image.arrayOffset() == 0
        && image.position() == 0
        && image.remaining() == image.array().length) {
      return image.array();
    }
    return JpegCodec.bytes(image);
  }

  /** The format of an image by its first bytes: jpeg, png, gif, bmp, or null when none of these. */
  static String format(ByteBuffer image) {
    ByteBuffer b = image.duplicate();
    byte[] head = new byte[Math.min(8, b.remaining())];
    b.get(head);
    if (head.length >= 3
        && (head[0] & 0xFF) == 0xFF
        && (head[1] & 0xFF) == 0xD8
        && (head[2] & 0xFF) == 0xFF) {
      return "jpeg";
    }
    if (head.length == 8 && Arrays.equals(head, PNG)) {
      return "png";
    }
    if (head.length >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
      return "gif";
    }
    if (head.length >= 2 && head[0] == 'B' && head[1] == 'M') {
      return "bmp";
    }
    return null;
  }

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
}
