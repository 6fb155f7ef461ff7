package dev.decomcam.common.image;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * JPEG encoding with a fixed quality and an optional downscale to a maximum width and height,
 * keeping the aspect ratio, and decoding of JPEG and other image bytes. Shared by ingest (frames),
 * the explain-processor (decoding) and the sink (overlays). JPEG keeps frame records at tens of
 * kilobytes, far under Kafka's 1 MB default record size, where raw pixels of a 640x480 frame would
 * already be 900 KB.
 *
 * <p>JPEG is decoded by FFmpeg's MJPEG codec ({@link MjpegDecoder}), markedly faster than ImageIO,
 * straight to planar YUV where the caller draws in YUV, and at a reduced size straight from the DCT
 * coefficients where it downscales anyway; it is encoded by libjpeg-turbo ({@link
 * TurboJpegEncoder}), about twice as fast as FFmpeg's MJPEG encoder. Other formats (PNG, GIF, BMP,
 * recognised by their first bytes) are decoded by ImageIO. Decoding refuses images over a {@link
 * PixelLimit} from their header, before any pixel memory is allocated.
 *
 * <p>Thread-safe: every thread that calls it gets its own native decoder and encoder, created on
 * its first call and reused (Kafka Streams threads live as long as their application); a thread's
 * native state is freed when the thread and its codec objects have been garbage-collected.
 */
public final class JpegCodec {
  private static final ThreadLocal<MjpegDecoder> DECODER =
      ThreadLocal.withInitial(MjpegDecoder::new);

  /**
   * Per thread, decoders that reduce by 2, 4 and 8 ({@link #decodeReduced}), made when first used.
   */
  private static final ThreadLocal<MjpegDecoder[]> REDUCING =
      ThreadLocal.withInitial(() -> new MjpegDecoder[4]);

  private static final ThreadLocal<TurboJpegEncoder> ENCODER =
      ThreadLocal.withInitial(TurboJpegEncoder::new);

  private final float quality;
  private final int maxWidth;
  private final int maxHeight;

  /** An encoded image with the size it has after any downscale. */
  public record Encoded(byte[] bytes, int width, int height) {}

  /**
   * @param quality JPEG quality in (0, 1], e.g. 0.85, with ImageIO's and libjpeg's meaning (see
   *     {@link TurboJpegEncoder})
   * @param maxWidth downscale wider images to this width (0 = no limit)
   * @param maxHeight downscale taller images to this height (0 = no limit)
   */
  public JpegCodec(double quality, int maxWidth, int maxHeight) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException(
          "JPEG quality " + quality + ": use a value in (0, 1], e.g. 0.85");
    }
    if (maxWidth < 0 || maxHeight < 0) {
      throw new IllegalArgumentException(
          "max size " + maxWidth + "x" + maxHeight + ": use 0 (no limit) or a positive size");
    }
    this.quality = (float) quality;
    this.maxWidth = maxWidth;
    this.maxHeight = maxHeight;
  }

  public JpegCodec(double quality) {
    this(quality, 0, 0);
  }

  public Encoded encode(BufferedImage image) {
    BufferedImage img = toBgr(scaled(image));
    return new Encoded(ENCODER.get().encode(img, quality), img.getWidth(), img.getHeight());
  }

  /**
   * Encodes a planar image: straight from its planes ({@link TurboJpegEncoder#encode(Yuv420,
   * double)}) when it needs no downscale, else through {@link #encode(BufferedImage)}.
   */
  public Encoded encode(Yuv420 image) {
    if (scaled(image.width(), image.height()) != null) {
      return encode(image.toImage());
    }
    return new Encoded(ENCODER.get().encode(image, quality), image.width(), image.height());
  }

  /**
   * Loads the native libraries that encoding and decoding use (libjpeg-turbo through OpenCV,
   * FFmpeg's decoder and swscale) by coding one small image with throwaway coders. Loading them
   * takes about a second, which a service should spend when it starts, not on its first frame: a
   * live camera's first frame would be a second old before it is published, and the first overlay a
   * second late.
   */
  public static void loadNatives() {
    try (TurboJpegEncoder encoder = new TurboJpegEncoder();
        MjpegDecoder decoder = new MjpegDecoder()) {
      decoder.decodeYuv(encoder.encode(Yuv420.black(16, 16), 0.85), PixelLimit.DEFAULT);
    }
  }

  /**
   * The remaining bytes of {@code buffer} (an Avro record's image field) as a new array, without
   * moving its position.
   */
  public static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /**
   * Decodes JPEG (or PNG, GIF, BMP) bytes within {@link PixelLimit#DEFAULT} to planar YUV 4:2:0: a
   * 4:2:0 JPEG without colour conversion, anything else through RGB. Failures and the buffer as
   * {@link #decode(ByteBuffer)}.
   */
  public static Yuv420 decodeYuv(ByteBuffer image) {
    return decodeYuv(image, PixelLimit.DEFAULT);
  }

  /** {@link #decodeYuv(ByteBuffer)} with another pixel limit. */
  public static Yuv420 decodeYuv(ByteBuffer image, PixelLimit limit) {
    byte[] bytes = bytes(image);
    if (bytes.length > 0 && JpegHeader.isJpeg(bytes)) {
      try {
        return DECODER.get().decodeYuv(bytes, limit);
      } catch (OutOfMemoryError | StackOverflowError | InternalError e) {
        throw undecodable(bytes, e);
      }
    }
    return Yuv420.fromImage(decode(bytes, limit));
  }

  /**
   * {@link #decodeYuv(ByteBuffer, PixelLimit)} at 1/{@code reduction} of the image's size in each
   * direction (sides rounded up): a JPEG straight from its DCT coefficients ({@link
   * MjpegDecoder#reducing}), a fraction of a whole decode; reduction 1, or another format, decodes
   * whole. For callers that draw a smaller picture on purpose.
   *
   * @param reduction 1, 2, 4 or 8
   */
  public static Yuv420 decodeYuvReduced(ByteBuffer image, PixelLimit limit, int reduction) {
    if (reduction == 1) {
      return decodeYuv(image, limit);
    }
    if (reduction < 1
        || reduction > MjpegDecoder.MAX_REDUCTION
        || Integer.bitCount(reduction) != 1) {
      throw new IllegalArgumentException(
          "JPEG decode reduction " + reduction + ": use 1, 2, 4 or 8");
    }
    byte[] bytes = bytes(image);
    if (bytes.length == 0 || !JpegHeader.isJpeg(bytes)) {
      return Yuv420.fromImage(decode(bytes, limit));
    }
    try {
      return reducingDecoder(reduction).decodeYuv(bytes, limit);
    } catch (OutOfMemoryError | StackOverflowError | InternalError e) {
      throw undecodable(bytes, e);
    }
  }

  private static MjpegDecoder reducingDecoder(int reduction) {
    MjpegDecoder[] decoders = REDUCING.get();
    int slot = Integer.numberOfTrailingZeros(reduction);
    if (decoders[slot] == null) {
      decoders[slot] = MjpegDecoder.reducing(reduction);
    }
    return decoders[slot];
  }

  /**
   * Decodes JPEG (or PNG, GIF, BMP) bytes within {@link PixelLimit#DEFAULT}; a one-line {@link
   * IllegalArgumentException} when they are not a whole image or it is too large. JPEGs come back
   * as {@link BufferedImage#TYPE_3BYTE_BGR}, other formats as ImageIO reads them. Reads the
   * buffer's remaining bytes (an Avro record's image field) without moving its position.
   */
  public static BufferedImage decode(ByteBuffer image) {
    return decode(image, PixelLimit.DEFAULT);
  }

  /** {@link #decode(ByteBuffer)} with another pixel limit. */
  public static BufferedImage decode(ByteBuffer image, PixelLimit limit) {
    byte[] bytes = bytes(image);
    return decode(bytes, limit);
  }

  /**
   * Decodes JPEG (or PNG, GIF, BMP) bytes within {@link PixelLimit#DEFAULT}; a one-line {@link
   * IllegalArgumentException} when they are not a whole image or it is too large. JPEGs come back
   * as {@link BufferedImage#TYPE_3BYTE_BGR}, other formats as ImageIO reads them.
   */
  public static BufferedImage decode(byte[] bytes) {
    return decode(bytes, PixelLimit.DEFAULT);
  }

  /**
   * An image of {@code width x height} pixels decoded at 1/{@code reduction} of its size in each
   * direction (sides rounded up).
   */
  public record Reduced(BufferedImage image, int reduction, int width, int height) {
    static Reduced whole(BufferedImage image) {
      return new Reduced(image, 1, image.getWidth(), image.getHeight());
    }
  }

  /**
   * Decodes JPEG (or PNG, GIF, BMP) bytes within {@code limit}, a JPEG at the reduction {@code
   * reduction} picks (1, 2, 4 or 8) from the size its header gives, straight from its DCT
   * coefficients ({@link MjpegDecoder#reducing}); other formats whole. For callers that downscale
   * every image anyway: they decode a quarter of the pixels or fewer. Failures as {@link
   * #decode(byte[])}.
   */
  public static Reduced decodeReduced(byte[] bytes, PixelLimit limit, IntBinaryOperator reduction) {
    if (bytes == null || bytes.length == 0 || !JpegHeader.isJpeg(bytes)) {
      return Reduced.whole(decode(bytes, limit));
    }
    JpegHeader header = JpegHeader.read(bytes, limit);
    int r = reduction.applyAsInt(header.width(), header.height());
    if (r == 1) {
      return Reduced.whole(decode(bytes, limit));
    }
    if (r < 1 || r > MjpegDecoder.MAX_REDUCTION || Integer.bitCount(r) != 1) {
      throw new IllegalArgumentException("JPEG decode reduction " + r + ": use 1, 2, 4 or 8");
    }
    try {
      return new Reduced(
          reducingDecoder(r).decode(bytes, limit), r, header.width(), header.height());
    } catch (OutOfMemoryError | StackOverflowError | InternalError e) {
      throw undecodable(bytes, e);
    }
  }

  /**
   * {@link #decode(byte[])} with another pixel limit. What a decoder can throw on hostile bytes,
   * {@link Error}s included (a failed allocation, a stack overflow in a format's parser, an
   * internal error of a native codec), comes back as the same one-line {@link
   * IllegalArgumentException}: a record's bytes must never take down the thread that decodes them.
   */
  public static BufferedImage decode(byte[] bytes, PixelLimit limit) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("image bytes are empty: the record carries no image");
    }
    try {
      if (JpegHeader.isJpeg(bytes)) {
        return DECODER.get().decode(bytes, limit);
      }
      return decodeWithImageIo(bytes, limit);
    } catch (OutOfMemoryError | StackOverflowError | InternalError e) {
      throw undecodable(bytes, e);
    }
  }

  private static IllegalArgumentException undecodable(byte[] bytes, Throwable e) {
    return new IllegalArgumentException(
        "image bytes ("
            + bytes.length
            + ") cannot be decoded: "
            + e.getClass().getSimpleName()
            + ": "
            + firstLine(e),
        e);
  }

  /** Other formats: ImageIO, after checking the size its reader finds in the header. */
  private static BufferedImage decodeWithImageIo(byte[] bytes, PixelLimit limit) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException(
            "image bytes (" + bytes.length + ") are not a JPEG or other known image format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        limit.check(
            reader.getFormatName().toUpperCase(java.util.Locale.ROOT) + " image",
            reader.getWidth(0),
            reader.getHeight(0));
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae
          && iae.getCause() == null
          && oneLine(iae.getMessage())) {
        throw iae;
      }
      throw new IllegalArgumentException(
          "image bytes ("
              + bytes.length
              + ") cannot be decoded: "
              + e.getClass().getSimpleName()
              + ": "
              + firstLine(e),
          e);
    }
  }

  private static boolean oneLine(String s) {
    return s != null && s.indexOf('\n') < 0;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  BufferedImage scaled(BufferedImage src) {
    int[] size = scaled(src.getWidth(), src.getHeight());
    if (size == null) {
      return src;
    }
    int nw = size[0];
    int nh = size[1];
    BufferedImage dst = new BufferedImage(nw, nh, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(src, 0, 0, nw, nh, null);
    g.dispose();
    return dst;
  }

  /**
   * The size {@link #encode} gives a {@code width x height} image: downscaled to the maximum size,
   * keeping the aspect ratio, or unchanged. Lets a video source scale frames while it decodes them,
   * so that encoding them needs no scaling.
   */
  public Dimension encodedSize(int width, int height) {
    int[] size = scaled(width, height);
    return size == null ? new Dimension(width, height) : new Dimension(size[0], size[1]);
  }

  /** The downscaled size of a {@code w x h} image, or null when it is within the maximum size. */
  private int[] scaled(int w, int h) {
    double s = 1;
    if (maxWidth > 0 && w > maxWidth) {
      s = Math.min(s, (double) maxWidth / w);
    }
    if (maxHeight > 0 && h > maxHeight) {
      s = Math.min(s, (double) maxHeight / h);
    }
    if (s >= 1) {
      return null;
    }
    return new int[] {Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s))};
  }

  /**
   * {@code src} as 3-byte BGR (itself when it already is), the layout the encoder reads without
   * conversion.
   */
  public static BufferedImage toBgr(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return src;
    }
    BufferedImage dst =
        new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return dst;
  }
}
