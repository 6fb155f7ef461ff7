package dev.decomcam.common.image;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The former JPEG encoder, kept to benchmark against ({@code JpegCodecBench}): baseline JPEG with
 * FFmpeg's MJPEG encoder (libavcodec) and swscale, several times faster than ImageIO.
 *
 * <p>Quality: {@code quality} in (0, 1] keeps ImageIO's (and libjpeg's) meaning. Those scale the
 * standard tables of JPEG Annex K by {@code 2 - 2q} (q ≥ 0.5) or {@code 0.5 / q} (q &lt; 0.5); this
 * encoder scales them by that factor times {@link #CALIBRATION}, each entry rounded and clamped to
 * 1..255, and hands them to FFmpeg as its custom intra matrices at a fixed qscale of 8, where it
 * multiplies a matrix by {@code qscale / 8}, i.e. uses it as given. The calibration makes up for
 * FFmpeg's quantiser, which with the very same tables rounds more coefficients towards zero than
 * libjpeg's (smaller files, more error) and fixes the DC quantiser at 8: with it, photos and camera
 * frames come out about the size of ImageIO's at the same quality, with the same luma error. Chroma
 * is averaged over each 2×2 block ({@code SWS_AREA}) as libjpeg does, and the standard Huffman
 * tables are written, as ImageIO does.
 *
 * <p>Not thread-safe: one instance holds one codec context (reopened when the size or quality
 * changes), frame, packet and swscale context. Use one per thread ({@link JpegCodec} keeps one per
 * thread); the codec runs with {@code thread_count=1}. {@link #close()} frees the native memory; an
 * instance that is only dropped frees it when garbage-collected.
 */
final class BaselineMjpegEncoder implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  /** JPEG Annex K.1, luminance, natural (row-major) order. */
  private static final int[] LUMA = {
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
        92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
  };

  /** JPEG Annex K.2, chrominance, natural order. */
  private static final int[] CHROMA = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99
  };

  /** Table scale relative to ImageIO's at the same quality (see the class comment). */
  static final double CALIBRATION = 0.85;

  /** FFmpeg's MJPEG encoder scales its matrices by qscale / 8. */
  private static final int QSCALE = 8;

  private final Natives natives;
  private final Cleaner.Cleanable cleanable;
  private final AVCodec codec;
  private long pts;

  BaselineMjpegEncoder() {
    natives = new Natives();
    cleanable = CLEANER.register(this, natives);
    codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (codec == null || codec.isNull()) {
      close();
      throw new IllegalStateException(
          "FFmpeg has no MJPEG encoder: use the org.bytedeco:ffmpeg natives of " + "this platform");
    }
    natives.packet = av_packet_alloc();
    natives.frame = av_frame_alloc();
  }

  /** The quantisation table ImageIO and libjpeg use at {@code quality} in (0, 1], natural order. */
  static int[] scaledTable(int[] base, double quality) {
    return scaledTable(base, quality, 1);
  }

  /**
   * {@link #scaledTable(int[], double)} with the scale factor multiplied by {@code calibration}.
   */
  static int[] scaledTable(int[] base, double quality, double calibration) {
    double q = Math.max(0.01, Math.min(1, quality));
    double scale = (q < 0.5 ? 0.5 / q : 2 - 2 * q) * calibration;
    int[] t = new int[64];
    for (int i = 0; i < 64; i++) {
      t[i] = (int) Math.max(1, Math.min(255, Math.round(base[i] * scale)));
    }
    return t;
  }

  static int[] lumaTable(double quality) {
    return scaledTable(LUMA, quality);
  }

  /** The luminance table this encoder writes at {@code quality}. */
  static int[] calibratedLumaTable(double quality) {
    return scaledTable(LUMA, quality, CALIBRATION);
  }

  /** Encodes {@code image} (any type; 3-byte BGR is fastest) at {@code quality} in (0, 1]. */
  public byte[] encode(BufferedImage image, double quality) {
    AVFrame frame = writableFrame(image.getWidth(), image.getHeight(), quality);
    natives.converter.fromPacked(packedBgr(image), AV_PIX_FMT_BGR24, frame);
    return encodeFrame(frame);
  }

  /**
   * Encodes a planar YUV 4:2:0 image at {@code quality} in (0, 1] as it is: no colour conversion.
   */
  public byte[] encode(Yuv420 image, double quality) {
    AVFrame frame = writableFrame(image.width(), image.height(), quality);
    putPlane(frame, 0, image.y(), image.width(), image.height());
    putPlane(frame, 1, image.u(), image.chromaWidth(), image.chromaHeight());
    putPlane(frame, 2, image.v(), image.chromaWidth(), image.chromaHeight());
    return encodeFrame(frame);
  }

  private static void putPlane(AVFrame frame, int plane, byte[] src, int w, int h) {
    BytePointer dst = frame.data(plane);
    int stride = frame.linesize(plane);
    if (stride == w) {
      dst.position(0).put(src, 0, w * h);
      return;
    }
    for (int row = 0; row < h; row++) {
      dst.position((long) row * stride).put(src, row * w, w);
    }
  }

  /** The encoder's frame, ready to be filled with a {@code w x h} image for this quality. */
  private AVFrame writableFrame(int w, int h, double quality) {
    if (!(quality > 0 && quality <= 1)) {
      throw new IllegalArgumentException(
          "JPEG quality " + quality + ": use a value in (0, 1], e.g. 0.85");
    }
    if (natives.frame == null) {
      throw new IllegalStateException("MJPEG encoder is closed: create a new one");
    }
    contextFor(w, h, quality);
    AVFrame frame = natives.frame;
    int rc = av_frame_make_writable(frame);
    if (rc < 0) {
      throw new IllegalStateException(
          "FFmpeg cannot make the encoder's frame writable: " + FfmpegErrors.describe(rc));
    }
    return frame;
  }

  private byte[] encodeFrame(AVFrame frame) {
    AVCodecContext ctx = natives.context;
    frame.pts(pts++);
    frame.quality(ctx.global_quality());
    AVPacket pkt = natives.packet;
    int rc = avcodec_send_frame(ctx, frame);
    if (rc >= 0) {
      rc = avcodec_receive_packet(ctx, pkt);
    }
    if (rc < 0) {
      throw new IllegalStateException(
          "FFmpeg's MJPEG encoder failed on a "
              + frame.width()
              + "x"
              + frame.height()
              + " image: "
              + FfmpegErrors.describe(rc));
    }
    try {
      byte[] out = new byte[pkt.size()];
      pkt.data().get(out);
      return out;
    } finally {
      av_packet_unref(pkt);
    }
  }

  private AVCodecContext contextFor(int w, int h, double quality) {
    if (natives.context != null
        && natives.width == w
        && natives.height == h
        && natives.quality == quality) {
      return natives.context;
    }
    natives.freeContext();
    AVCodecContext ctx = avcodec_alloc_context3(codec);
    natives.context = ctx;
    ctx.width(w);
    ctx.height(h);
    ctx.pix_fmt(AV_PIX_FMT_YUV420P);
    ctx.color_range(AVCOL_RANGE_JPEG);
    ctx.time_base(new AVRational().num(1).den(25));
    ctx.thread_count(1);
    ctx.flags(ctx.flags() | AV_CODEC_FLAG_QSCALE);
    ctx.global_quality(QSCALE * FF_QP2LAMBDA);
    // freed by avcodec_free_context
    ctx.intra_matrix(matrix(scaledTable(LUMA, quality, CALIBRATION)));
    ctx.chroma_intra_matrix(matrix(scaledTable(CHROMA, quality, CALIBRATION)));
    AVDictionary opts = new AVDictionary(null);
    // the standard Huffman tables, as ImageIO writes: optimising them per image costs a second pass
    // over the
    // coefficients for about 1% of the file size
    av_dict_set(opts, "huffman", "default", 0);
    int rc = avcodec_open2(ctx, codec, opts);
    av_dict_free(opts);
    if (rc < 0) {
      natives.freeContext();
      throw new IllegalStateException(
          "FFmpeg's MJPEG encoder does not open for "
              + w
              + "x"
              + h
              + ": "
              + FfmpegErrors.describe(rc));
    }
    AVFrame frame = natives.frame;
    av_frame_unref(frame);
    frame.format(AV_PIX_FMT_YUV420P);
    frame.color_range(AVCOL_RANGE_JPEG);
    frame.width(w);
    frame.height(h);
    rc = av_frame_get_buffer(frame, 0);
    if (rc < 0) {
      natives.freeContext();
      throw new IllegalStateException(
          "FFmpeg cannot allocate a " + w + "x" + h + " frame: " + FfmpegErrors.describe(rc));
    }
    natives.width = w;
    natives.height = h;
    natives.quality = quality;
    return ctx;
  }

  private static ShortPointer matrix(int[] table) {
    ShortPointer m = new ShortPointer(av_malloc(64 * 2));
    m.capacity(64);
    for (int i = 0; i < 64; i++) {
      m.put(i, (short) table[i]);
    }
    return m;
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

  /** Frees the native codec state; the encoder cannot be used afterwards. Idempotent. */
  @Override
  public void close() {
    cleanable.clean();
  }

  /**
   * The native state, freed by {@link #close()} or by the cleaner once the encoder is unreachable.
   */
  private static final class Natives implements Runnable {
    AVCodecContext context;
    int width;
    int height;
    double quality;
    AVPacket packet;
    AVFrame frame;

    /**
     * Box-averaged chroma; accurate rounding because swscale's fast BGR24-to-YUV420P converter
     * writes studio-range YUV whatever range it is asked for, losing a JPEG's darkest and brightest
     * levels.
     */
    final PlanarConverter converter = new PlanarConverter(SWS_AREA | SWS_ACCURATE_RND);

    void freeContext() {
      if (context != null) {
        avcodec_free_context(context);
        context = null;
      }
    }

    @Override
    public void run() {
      freeContext();
      if (frame != null) {
        av_frame_free(frame);
        frame = null;
      }
      if (packet != null) {
        av_packet_free(packet);
        packet = null;
      }
      converter.close();
    }
  }
}
