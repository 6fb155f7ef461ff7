package dev.decomcam.common.image;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ411P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ440P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ444P;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts between a planar YUV (or gray) {@link AVFrame} and packed 8-bit pixels in a Java array
 * with swscale, at the same size. The planar side is always JPEG's full-range BT.601 YCbCr (JFIF):
 * the deprecated YUVJ formats are mapped to their YUV twins with the range set explicitly, so
 * swscale neither guesses nor warns. The packed pixels go through one native buffer of this
 * converter, grown as needed, and one copy to or from the Java array. The flags are swscale's
 * defaults ({@code SWS_BILINEAR}), which at equal sizes select its SIMD YUV-to-RGB converters: they
 * repeat a chroma sample over the pixels it covers (libjpeg's "fast" upsampling) where ImageIO
 * interpolates it; interpolating too ({@code SWS_FULL_CHR_H_INT | SWS_ACCURATE_RND}) takes
 * swscale's generic path and loses most of the speed-up over ImageIO. Not thread-safe; {@link
 * #close()} frees the native memory.
 */
final class PlanarConverter implements AutoCloseable {
  static final int FLAGS = SWS_BILINEAR;

  private final int flags;
  private SwsContext context;
  private long[] configured;
  private BytePointer packed;
  private long packedCapacity;
  private final PointerPointer<BytePointer> packedPlanes = new PointerPointer<>(1);
  private final IntPointer packedStride = new IntPointer(1);

  /**
   * The destination of {@link #toPacked(PointerPointer, IntPointer, int, int, int, int,
   * BytePointer, int)}, set per call.
   */
  private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);

  private final IntPointer outStride = new IntPointer(1);

  PlanarConverter() {
    this(FLAGS);
  }

  PlanarConverter(int flags) {
    this.flags = flags;
  }

  /**
   * Converts {@code src} into {@code dst}, which holds {@code width*height*3} bytes of {@code
   * packedFormat}.
   */
  void toPacked(AVFrame src, int packedFormat, byte[] dst) {
    int w = src.width();
    int h = src.height();
    int bytes = packedBytes(w, h, dst.length);
    // swscale's SIMD converters work in blocks of pixels and, at some widths off the block size,
    // leave a row's last pixels black: such widths take its exact generic path
    int exact = w % 16 == 0 ? 0 : SWS_FULL_CHR_H_INT | SWS_ACCURATE_RND;
    configure(w, h, unJ(src.format()), packedFormat, 1, true, exact);
    packedStride.put(0, bytes / h);
    int rc = sws_scale(context, src.data(), src.linesize(), 0, h, packedPlanes, packedStride);
    if (rc != h) {
      throw new IllegalArgumentException(
          "swscale converted "
              + rc
              + " of "
              + h
              + " lines of a "
              + w
              + "x"
              + h
              + " "
              + name(src.format())
              + " frame");
    }
    packed.position(0).get(dst, 0, bytes);
  }

  /**
   * Converts a {@code w x h} image of full-range {@code planarFormat} in native {@code planes}
   * (rows {@code strides} bytes apart) straight into {@code dst}, rows of {@code packedFormat}
   * {@code dstStride} bytes apart, without the Java copy of {@link #toPacked(AVFrame, int,
   * byte[])}. Every buffer needs 64 spare bytes past its last row: swscale's SIMD reads and writes
   * in blocks.
   */
  void toPacked(
      PointerPointer<?> planes,
      IntPointer strides,
      int w,
      int h,
      int planarFormat,
      int packedFormat,
      BytePointer dst,
      int dstStride) {
    // see toPacked(AVFrame, ...): widths off the SIMD block size take the exact generic path
    int exact = w % 16 == 0 ? 0 : SWS_FULL_CHR_H_INT | SWS_ACCURATE_RND;
    configure(w, h, unJ(planarFormat), packedFormat, 1, true, exact);
    outPlanes.put(0, dst);
    outStride.put(0, dstStride);
    int rc = sws_scale(context, planes, strides, 0, h, outPlanes, outStride);
    if (rc != h) {
      throw new IllegalStateException(
          "swscale converted " + rc + " of " + h + " lines of a " + w + "x" + h + " image");
    }
  }

  /**
   * Converts {@code src}, {@code width*height*3} bytes of {@code packedFormat}, into the writable
   * {@code dst}.
   */
  void fromPacked(byte[] src, int packedFormat, AVFrame dst) {
    int w = dst.width();
    int h = dst.height();
    int bytes = packedBytes(w, h, src.length);
    int fmt = unJ(dst.format());
    configure(w, h, packedFormat, fmt, 1, false, 0);
    packed.position(0).put(src, 0, bytes);
    packedStride.put(0, bytes / h);
    int rc = sws_scale(context, packedPlanes, packedStride, 0, h, dst.data(), dst.linesize());
    if (rc != h) {
      throw new IllegalStateException(
          "swscale converted "
              + rc
              + " of "
              + h
              + " lines of a "
              + w
              + "x"
              + h
              + " image to "
              + name(dst.format()));
    }
  }

  private int packedBytes(int w, int h, int arrayLength) {
    long bytes = 3L * w * h;
    if (bytes != arrayLength) {
      throw new IllegalArgumentException(
          "packed pixels of "
              + arrayLength
              + " bytes for "
              + w
              + "x"
              + h
              + ": need exactly 3 bytes a pixel, "
              + bytes);
    }
    if (packed == null || packedCapacity < bytes) {
      if (packed != null) {
        packed.close();
      }
      // 64 spare bytes: swscale's SIMD may read or write a little past the last pixel
      packed = new BytePointer(bytes + 64);
      packedCapacity = bytes;
      packedPlanes.put(0, packed);
    }
    return (int) bytes;
  }

  /**
   * A context for this conversion: the last one when it was for the same, else a new one with
   * JPEG's colour range.
   */
  private void configure(
      int w, int h, int srcFmt, int dstFmt, int yuvRange, boolean yuvIsSource, int extraFlags) {
    long[] key = {w, h, srcFmt, dstFmt, yuvRange, yuvIsSource ? 1 : 0, extraFlags};
    if (context != null && java.util.Arrays.equals(key, configured)) {
      return;
    }
    if (context != null) {
      sws_freeContext(context);
      context = null;
      configured = null;
    }
    SwsContext next =
        sws_getContext(
            w, h, srcFmt, w, h, dstFmt, flags | extraFlags, null, null, (DoublePointer) null);
    if (next == null || next.isNull()) {
      throw new IllegalArgumentException(
          "swscale cannot convert " + w + "x" + h + " " + name(srcFmt) + " to " + name(dstFmt));
    }
    context = next;
    IntPointer coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
    int srcRange = yuvIsSource ? yuvRange : 1;
    int dstRange = yuvIsSource ? 1 : yuvRange;
    sws_setColorspaceDetails(
        next, coefficients, srcRange, coefficients, dstRange, 0, 1 << 16, 1 << 16);
    configured = key;
  }

  /** The YUV twin of a deprecated full-range YUVJ format, or the format itself. */
  static int unJ(int fmt) {
    if (fmt == AV_PIX_FMT_YUVJ420P) {
      return AV_PIX_FMT_YUV420P;
    } else if (fmt == AV_PIX_FMT_YUVJ422P) {
      return AV_PIX_FMT_YUV422P;
    } else if (fmt == AV_PIX_FMT_YUVJ444P) {
      return AV_PIX_FMT_YUV444P;
    } else if (fmt == AV_PIX_FMT_YUVJ440P) {
      return AV_PIX_FMT_YUV440P;
    } else if (fmt == AV_PIX_FMT_YUVJ411P) {
      return AV_PIX_FMT_YUV411P;
    }
    return fmt;
  }

  private static String name(int fmt) {
    BytePointer n = av_get_pix_fmt_name(fmt);
    return n == null || n.isNull() ? "pixel format " + fmt : n.getString();
  }

  @Override
  public void close() {
    if (context != null) {
      sws_freeContext(context);
      context = null;
    }
    if (packed != null) {
      packed.close();
      packed = null;
    }
    packedPlanes.close();
    packedStride.close();
    outPlanes.close();
    outStride.close();
  }
}
