package dev.decomcam.common.image;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes images to baseline JPEG (JFIF, YCbCr 4:2:0, the standard Huffman tables, as ImageIO's
 * default) with libjpeg-turbo, through OpenCV's {@code imencode} (the bytedeco opencv preset, which
 * builds OpenCV with its bundled libjpeg-turbo): SIMD colour conversion, DCT and entropy coding,
 * about twice as fast as FFmpeg's MJPEG encoder on camera frames (see {@code JpegCodecBench}).
 *
 * <p>Quality: {@code quality} in (0, 1] keeps ImageIO's meaning, which is libjpeg's {@code
 * jpeg_set_quality} at {@code quality * 100}: both scale the tables of JPEG Annex K by {@code 2 -
 * 2q} (q ≥ 0.5) or {@code 0.5 / q}. libjpeg takes the quality as an integer percentage and scales
 * in integers where ImageIO scales in floats, so a table entry may round one away from ImageIO's.
 *
 * <p>A planar 4:2:0 image goes to BGR and libjpeg-turbo converts it back, since OpenCV's encoder
 * takes only BGR: swscale's SIMD converter, full range ({@link PlanarConverter}), repeats each
 * chroma sample over its 2×2 block, and libjpeg averages each block's chroma again, which gives the
 * planes back but for rounding. (OpenCV's own I420 conversion is video-range BT.601, which would
 * shift every colour of a JFIF image.)
 *
 * <p>OpenCV's own thread pool is switched off when this class loads ({@code setNumThreads(0)}): the
 * codec runs on its caller's thread only, one native thread per stream thread, as every native
 * library here does by default.
 *
 * <p>Not thread-safe: one instance holds its native buffers (reallocated when the size changes).
 * Use one per thread ({@link JpegCodec} keeps one per thread). {@link #close()} frees the native
 * memory; an instance that is only dropped frees it when garbage-collected.
 */
public final class TurboJpegEncoder implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  static {
    opencv_core.setNumThreads(0);
  }

  private final Natives natives = new Natives();
  private final Cleaner.Cleanable cleanable = CLEANER.register(this, natives);

  /** Encodes {@code image} (any type; 3-byte BGR is fastest) at {@code quality} in (0, 1]. */
  public byte[] encode(BufferedImage image, double quality) {
    int percent = percent(quality);
    int w = image.getWidth();
    int h = image.getHeight();
    Mat bgr = natives.bgr(w, h);
    bgr.data().put(packedBgr(image), 0, 3 * w * h);
    return encodeBgr(bgr, percent);
  }

  /** Encodes a planar YUV 4:2:0 (JFIF) image at {@code quality} in (0, 1]. */
  public byte[] encode(Yuv420 image, double quality) {
    int percent = percent(quality);
    return encodeBgr(natives.bgrOf(image), percent);
  }

  private byte[] encodeBgr(Mat bgr, int percent) {
    natives.params.put(1, percent);
    try (BytePointer out = new BytePointer()) {
      if (!imencode(".jpg", bgr, out, natives.params)) {
        throw new IllegalStateException(
            "OpenCV's JPEG encoder refused a " + bgr.cols() + "x" + bgr.rows() + " image");
      }
      byte[] bytes = new byte[(int) out.limit()];
      out.position(0).get(bytes);
      return bytes;
    }
  }

  private int percent(double quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException(
          "JPEG quality " + quality + ": use a value in (0, 1], e.g. 0.85");
    }
    if (natives.params == null) {
      throw new IllegalStateException("JPEG encoder is closed: create a new one");
    }
    return (int) Math.max(1, Math.min(100, Math.round(quality * 100)));
  }

  /**
   * The image's pixels as tightly packed B, G, R bytes: its own array when it is a plain 3-byte BGR
   * image.
   */
  static byte[] packedBgr(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      Raster r = image.getRaster();
      if (r.getSampleModel() instanceof ComponentSampleModel sm
          && r.getDataBuffer() instanceof DataBufferByte db
          && db.getNumBanks() == 1
          && db.getOffset() == 0
          && sm.getPixelStride() == 3
          && sm.getScanlineStride() == 3 * w
          && Arrays.equals(sm.getBandOffsets(), new int[] {2, 1, 0})
          && r.getSampleModelTranslateX() == 0
          && r.getSampleModelTranslateY() == 0
          && db.getData().length == 3 * w * h) {
        return db.getData();
      }
    }
    BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
  }

  /** Frees the native buffers; the encoder cannot be used afterwards. Idempotent. */
  @Override
  public void close() {
    cleanable.clean();
  }

  /**
   * The native state, freed by {@link #close()} or by the cleaner once the encoder is unreachable.
   */
  private static final class Natives implements Runnable {
    /** imencode's parameters: quality, set per call. */
    IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 85);

    /** swscale's context for planar images. */
    private final PlanarConverter converter = new PlanarConverter();

    /** {@link #bgr} is a view of its first rows: the spare row takes swscale's block writes. */
    private Mat bgrPadded;

    private Mat bgr;

    /** A planar image's conversion, padded (see {@link #bgrOf}), and the view of the image. */
    private Mat planarBgr;

    private Mat planarView;
    private BytePointer yPlane;
    private BytePointer uPlane;
    private BytePointer vPlane;
    private PointerPointer<BytePointer> planes;
    private IntPointer strides;
    private int planarWidth;
    private int planarHeight;

    /** {@link #planarHeight} rounded up to even: the rows the planes hold and swscale converts. */
    private int paddedHeight;

    Mat bgr(int w, int h) {
      if (bgr == null || bgr.cols() != w || bgr.rows() != h) {
        close(bgr);
        close(bgrPadded);
        bgrPadded = new Mat(h + 1, w, CV_8UC3);
        bgr = bgrPadded.rowRange(0, h);
      }
      return bgr;
    }

    /**
     * {@code image} converted by swscale (full-range BT.601, as JFIF), as a view of {@link
     * #planarBgr}. The planes are copied into buffers a multiple of 16 wide and of even height,
     * which takes swscale's SIMD path at every size (that path repeats each chroma sample over its
     * block, so the padding never reaches a pixel of the image; other widths would go through its
     * generic path, which smears chroma across blocks), and the view leaves the padding out.
     */
    Mat bgrOf(Yuv420 image) {
      int w = image.width();
      int h = image.height();
      int cw = image.chromaWidth();
      int ch = image.chromaHeight();
      if (planes == null || planarWidth != w || planarHeight != h) {
        closePlanar();
        int paddedW = (w + 15) & ~15;
        paddedHeight = h + (h & 1);
        // 64 spare bytes past each plane and a spare row of pixels: swscale's SIMD works in blocks
        yPlane = new BytePointer((long) paddedW * paddedHeight + 64);
        uPlane = new BytePointer((long) (paddedW / 2) * (paddedHeight / 2) + 64);
        vPlane = new BytePointer((long) (paddedW / 2) * (paddedHeight / 2) + 64);
        planes = new PointerPointer<>(yPlane, uPlane, vPlane);
        strides = new IntPointer(paddedW, paddedW / 2, paddedW / 2);
        planarBgr = new Mat(paddedHeight + 1, paddedW, CV_8UC3);
        planarView = planarBgr.rowRange(0, h).colRange(0, w);
        planarWidth = w;
        planarHeight = h;
      }
      putRows(yPlane, image.y(), w, h, strides.get(0));
      putRows(uPlane, image.u(), cw, ch, strides.get(1));
      putRows(vPlane, image.v(), cw, ch, strides.get(2));
      int paddedW = strides.get(0);
      converter.toPacked(
          planes,
          strides,
          paddedW,
          paddedHeight,
          AV_PIX_FMT_YUV420P,
          AV_PIX_FMT_BGR24,
          planarBgr.data(),
          3 * paddedW);
      return planarView;
    }

    /**
     * {@code rows} rows of {@code width} bytes from {@code src} into {@code dst}, {@code stride}
     * apart.
     */
    private static void putRows(BytePointer dst, byte[] src, int width, int rows, int stride) {
      if (stride == width) {
        dst.position(0).put(src, 0, width * rows);
        return;
      }
      for (int r = 0; r < rows; r++) {
        dst.position((long) r * stride).put(src, r * width, width);
      }
      dst.position(0);
    }

    private void closePlanar() {
      for (Pointer p : new Pointer[] {yPlane, uPlane, vPlane, planes, strides}) {
        if (p != null) {
          p.close();
        }
      }
      close(planarView);
      close(planarBgr);
      planarView = null;
      planarBgr = null;
      planes = null;
    }

    private static void close(Mat m) {
      if (m != null) {
        m.close();
      }
    }

    @Override
    public void run() {
      close(bgr);
      close(bgrPadded);
      bgr = null;
      bgrPadded = null;
      closePlanar();
      converter.close();
      if (params != null) {
        params.close();
        params = null;
      }
    }
  }
}
