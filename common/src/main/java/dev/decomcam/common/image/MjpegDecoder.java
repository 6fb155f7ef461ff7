package dev.decomcam.common.image;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_VERBOSE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.ref.Cleaner;
import java.util.function.Function;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes JPEG bytes to a {@link BufferedImage#TYPE_3BYTE_BGR} image with FFmpeg's MJPEG decoder
 * (libavcodec) and swscale, markedly faster than ImageIO (see {@code JpegCodecBench}). The bytes
 * are first checked by {@link JpegHeader#read} (whole file, frame within the {@link PixelLimit}),
 * so FFmpeg only sees structurally sound JPEGs; it then runs with {@code err_recognition=explode},
 * and a frame it flags corrupt is refused too. Every failure is a one-line {@link
 * IllegalArgumentException}; the decoder stays usable after one.
 *
 * <p>Not thread-safe: one instance holds one codec context, packet, frame and swscale context,
 * reused from image to image (sizes may change). Use one per thread ({@link JpegCodec} keeps one
 * per thread); the codec runs on one thread of its own choosing ({@code thread_count=1}), so a
 * decode costs the calling thread only. {@link #close()} frees the native memory; an instance that
 * is only dropped frees it when garbage-collected.
 */
public final class MjpegDecoder implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  /** The largest {@link #reduction()}: FFmpeg's lowres goes down to an eighth. */
  public static final int MAX_REDUCTION = 8;

  private final Natives natives;
  private final Cleaner.Cleanable cleanable;
  private final int lowres;

  public MjpegDecoder() {
    this(PlanarConverter.FLAGS, 1);
  }

  /**
   * A decoder that decodes at 1/{@code reduction} of each image's size, straight from the DCT
   * coefficients (FFmpeg's {@code lowres}, as libjpeg's scaled IDCT and PIL's draft mode): a
   * smaller, antialiased image for a fraction of a full decode, for callers that would downscale
   * the image anyway. Dimensions round up ({@code ceil(width / reduction)}).
   *
   * @param reduction 1, 2, 4 or 8
   */
  public static MjpegDecoder reducing(int reduction) {
    return new MjpegDecoder(PlanarConverter.FLAGS, reduction);
  }

  /** With other swscale flags, to compare upsampling filters. */
  MjpegDecoder(int swsFlags) {
    this(swsFlags, 1);
  }

  private MjpegDecoder(int swsFlags, int reduction) {
    if (reduction < 1 || reduction > MAX_REDUCTION || Integer.bitCount(reduction) != 1) {
      throw new IllegalArgumentException(
          "JPEG decode reduction " + reduction + ": use 1, 2, 4 or 8");
    }
    lowres = Integer.numberOfTrailingZeros(reduction);
    natives = new Natives(new PlanarConverter(swsFlags));
    cleanable = CLEANER.register(this, natives);
    AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
    if (codec == null || codec.isNull()) {
      close();
      throw new IllegalStateException(
          "FFmpeg has no MJPEG decoder: use the org.bytedeco:ffmpeg natives of " + "this platform");
    }
    natives.context = avcodec_alloc_context3(codec);
    natives.context.thread_count(1);
    natives.context.lowres(lowres);
    natives.context.err_recognition(natives.context.err_recognition() | AV_EF_EXPLODE);
    // what it finds wrong in a JPEG becomes this decoder's exception: FFmpeg's own error lines,
    // which hostile
    // input could repeat on every record, are logged at verbose level (shown only when FFmpeg is
    // told to)
    natives.context.log_level_offset(AV_LOG_VERBOSE - AV_LOG_ERROR);
    int rc = avcodec_open2(natives.context, codec, (AVDictionary) null);
    if (rc < 0) {
      close();
      throw new IllegalStateException(
          "FFmpeg's MJPEG decoder does not open: " + FfmpegErrors.describe(rc));
    }
    natives.packet = av_packet_alloc();
    natives.frame = av_frame_alloc();
  }

  /**
   * Decodes a whole JPEG; a one-line {@link IllegalArgumentException} when it is not one or is over
   * {@code limit}.
   */
  public BufferedImage decode(byte[] jpeg, PixelLimit limit) {
    return decode(jpeg, limit, this::toBgr);
  }

  /**
   * Decodes a whole JPEG to planar YUV 4:2:0 without a colour conversion when it is 4:2:0 (as
   * cameras, ingest and the sink write it), else through RGB; failures as {@link #decode(byte[],
   * PixelLimit)}.
   */
  public Yuv420 decodeYuv(byte[] jpeg, PixelLimit limit) {
    return decode(jpeg, limit, this::toYuv);
  }

  private <T> T decode(byte[] jpeg, PixelLimit limit, Function<AVFrame, T> convert) {
    JpegHeader header = JpegHeader.read(jpeg, limit);
    AVCodecContext ctx = natives.context;
    AVPacket pkt = natives.packet;
    AVFrame frame = natives.frame;
    if (ctx == null || pkt == null || frame == null) {
      throw new IllegalStateException("MJPEG decoder is closed: create a new one");
    }
    int rc = av_new_packet(pkt, jpeg.length);
    if (rc < 0) {
      throw new IllegalStateException(
          "FFmpeg cannot allocate a packet of "
              + jpeg.length
              + " bytes: "
              + FfmpegErrors.describe(rc));
    }
    try {
      pkt.data().put(jpeg, 0, jpeg.length);
      rc = avcodec_send_packet(ctx, pkt);
      if (rc >= 0) {
        rc = avcodec_receive_frame(ctx, frame);
      }
      if (rc < 0) {
        avcodec_flush_buffers(ctx);
        throw new IllegalArgumentException(
            "JPEG of "
                + jpeg.length
                + " bytes ("
                + header.width()
                + "x"
                + header.height()
                + ") cannot be decoded: "
                + FfmpegErrors.describe(rc));
      }
      if ((frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
        throw new IllegalArgumentException(
            "JPEG of "
                + jpeg.length
                + " bytes ("
                + header.width()
                + "x"
                + header.height()
                + ") is corrupt: its scan data does not decode cleanly");
      }
      if (frame.width() != scaled(header.width()) || frame.height() != scaled(header.height())) {
        throw new IllegalArgumentException(
            "JPEG of "
                + jpeg.length
                + " bytes decodes to "
                + frame.width()
                + "x"
                + frame.height()
                + " where its header says "
                + header.width()
                + "x"
                + header.height()
                + (lowres == 0 ? "" : " (decoded at 1/" + reduction() + ")"));
      }
      return convert.apply(frame);
    } finally {
      av_frame_unref(frame);
      av_packet_unref(pkt);
    }
  }

  /** The factor by which this decoder reduces each side: 1, 2, 4 or 8. */
  public int reduction() {
    return 1 << lowres;
  }

  /** A side of {@code size} pixels as this decoder decodes it. */
  public int scaled(int size) {
    return (size + (1 << lowres) - 1) >> lowres;
  }

  private BufferedImage toBgr(AVFrame frame) {
    int w = frame.width();
    int h = frame.height();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    natives.converter.toPacked(frame, AV_PIX_FMT_BGR24, dst);
    return img;
  }

  private Yuv420 toYuv(AVFrame frame) {
    int f = frame.format();
    if (f != AV_PIX_FMT_YUVJ420P && f != AV_PIX_FMT_YUV420P) {
      return Yuv420.fromImage(toBgr(frame));
    }
    Yuv420 out = Yuv420.black(frame.width(), frame.height());
    copyPlane(frame, 0, out.y(), out.width(), out.height());
    copyPlane(frame, 1, out.u(), out.chromaWidth(), out.chromaHeight());
    copyPlane(frame, 2, out.v(), out.chromaWidth(), out.chromaHeight());
    return out;
  }

  private static void copyPlane(AVFrame frame, int plane, byte[] dst, int w, int h) {
    BytePointer src = frame.data(plane);
    int stride = frame.linesize(plane);
    if (stride == w) {
      src.position(0).get(dst, 0, w * h);
      return;
    }
    for (int row = 0; row < h; row++) {
      src.position((long) row * stride).get(dst, row * w, w);
    }
  }

  /** Frees the native codec state; the decoder cannot be used afterwards. Idempotent. */
  @Override
  public void close() {
    cleanable.clean();
  }

  /**
   * The native state, freed by {@link #close()} or by the cleaner once the decoder is unreachable.
   */
  private static final class Natives implements Runnable {
    AVCodecContext context;
    AVPacket packet;
    AVFrame frame;
    final PlanarConverter converter;

    Natives(PlanarConverter converter) {
      this.converter = converter;
    }

    @Override
    public void run() {
      if (frame != null) {
        av_frame_free(frame);
        frame = null;
      }
      if (packet != null) {
        av_packet_free(packet);
        packet = null;
      }
      if (context != null) {
        avcodec_free_context(context);
        context = null;
      }
      converter.close();
    }
  }
}
