package dev.decomcam.ingest;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A video file, network stream (RTSP, HTTP(S), RTMP, ...) or capture device ({@code /dev/videoN})
 * decoded with JavaCV's {@link FFmpegFrameGrabber}.
 *
 * <p>Frames come in one of two forms. {@link #open} hands out BGR {@link BufferedImage}s at the
 * decoded size, for code that works on Java images. {@link #openYuv} hands out planar {@link
 * Yuv420} (JPEG's full-range YCbCr 4:2:0) at the size a {@link JpegCodec} encodes them: swscale,
 * inside the grabber, converts the decoder's pixels to full-range YUV 4:2:0 (the range conversion
 * only, the video's chroma samples are kept) and downscales them when the codec has a smaller
 * maximum size, so encoding a frame needs neither a colour conversion nor Java2D; this is the path
 * frames take to Kafka. JavaCV reuses its {@code Frame} and the converter reuses its image, so
 * {@link #next()} copies the pixels before returning them. A {@code null} from {@code grab()} means
 * the end of a file or a lost stream; network reads time out after the configured timeout, set with
 * the option each protocol understands ({@code timeout}, {@code rw_timeout}, {@code stimeout}). A
 * frame that fails to decode is skipped and counted; only a long run of failures ends the source: a
 * file with an {@link IngestException}, a live source (URL, device) by counting as lost, as it does
 * when no frame arrived for its stall timeout; {@link #lossReason()} says why, and {@link
 * #reopen()} opens a lost live source again, its timestamps and frame indices continuing. Errors
 * are {@link IngestException}s with one line naming the source and the fix.
 *
 * <pre>{@code
 * try (VideoSource src = VideoSource.open("media/clip.mp4", Duration.ofSeconds(10))) {
 *   for (DecodedFrame f; (f = src.next()) != null; ) { ... }
 * }
 * }</pre>
 */
public final class VideoSource implements AutoCloseable {
  /** Where frames come from; decides how the grabber is opened and whether it can loop. */
  public enum Kind {
    FILE,
    URL,
    DEVICE
  }

  /** Consecutive undecodable frames after which the source is considered broken. */
  static final int MAX_CONSECUTIVE_ERRORS = 50;

  static {
    // FFmpeg logs every concealed macroblock at the default level; errors are enough here.
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final String source;
  private final Kind kind;
  private final Duration timeout;
  private Duration stallTimeout;

  /** Frames are planar YUV at the size this codec encodes them; null: BGR images. */
  private final JpegCodec fitTo;

  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private FFmpegFrameGrabber grabber;
  private long index;
  private long decodeErrors;
  private long ptsOffset;
  private long lastPts = -1;
  private String lossReason;
  private int frameWidth;
  private int frameHeight;

  private VideoSource(String source, Kind kind, Duration timeout, JpegCodec fitTo) {
    this.source = source;
    this.kind = kind;
    this.timeout = timeout;
    this.stallTimeout = timeout;
    this.fitTo = fitTo;
  }

  /**
   * What kind of source a string names: a URL with a scheme, a {@code /dev/video*} device, else a
   * file.
   */
  public static Kind kindOf(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    if (s.matches("^[a-z][a-z0-9+.-]*://.*") && !s.startsWith("file://")) {
      return Kind.URL;
    }
    if (s.startsWith("/dev/video")) {
      return Kind.DEVICE;
    }
    return Kind.FILE;
  }

  /**
   * Opens the source for BGR {@link BufferedImage} frames at the decoded size; throws {@link
   * IngestException} with a one-line reason when it cannot.
   */
  public static VideoSource open(String source, Duration timeout) {
    return open(source, timeout, null);
  }

  /**
   * Opens the source for planar {@link Yuv420} frames (full range), sized as {@code jpeg} encodes
   * them ({@link JpegCodec#encodedSize}): {@code jpeg.encode(frame.yuv())} then runs without colour
   * conversion or scaling. Errors as {@link #open(String, Duration)}.
   */
  public static VideoSource openYuv(String source, Duration timeout, JpegCodec jpeg) {
    return open(source, timeout, java.util.Objects.requireNonNull(jpeg, "jpeg codec"));
  }

  private static VideoSource open(String source, Duration timeout, JpegCodec fitTo) {
    if (source == null || source.isBlank()) {
      throw new IngestException("video source is empty: set a file path, URL or /dev/videoN");
    }
    Kind kind = kindOf(source);
    String target =
        source.toLowerCase(Locale.ROOT).startsWith("file://") ? source.substring(7) : source;
    if (kind == Kind.FILE) {
      Path p = Path.of(target);
      if (!Files.exists(p)) {
        throw new IngestException("video not found: " + source + ": check the path");
      }
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new IngestException(
            "video is not a readable file: " + source + ": point to a video file you can read");
      }
    } else if (kind == Kind.DEVICE && !Files.exists(Path.of(target))) {
      throw new IngestException(
          "capture device not found: "
              + source
              + ": check the camera is plugged in (ls /dev/video*)");
    }
    VideoSource vs = new VideoSource(target, kind, timeout, fitTo);
    vs.start();
    return vs;
  }

  private void start() {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
    configure(g);
    if (fitTo != null) {
      // a J format: swscale writes full range, expanding a video it takes for limited range (any
      // YUV that is not J itself) and copying a full-range (J) one as it is
      g.setPixelFormat(AV_PIX_FMT_YUVJ420P);
    }
    try {
      g.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(g);
      throw new IngestException(openError(reason(e)), e);
    }
    if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      closeQuietly(g);
      throw new IngestException(openError("no video stream found"));
    }
    if (fitTo != null) {
      Dimension d = fitTo.encodedSize(g.getImageWidth(), g.getImageHeight());
      if (d.width != g.getImageWidth() || d.height != g.getImageHeight()) {
        // swscale scales to this size from the next frame on (its default bilinear filter)
        g.setImageWidth(d.width);
        g.setImageHeight(d.height);
      }
    }
    grabber = g;
  }

  private void configure(FFmpegFrameGrabber g) {
    String micros = Long.toString(timeout.toMillis() * 1000);
    switch (kind) {
      case URL -> {
        String scheme = source.substring(0, source.indexOf(':')).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("rtsp")) {
          g.setOption(
              "rtsp_transport", "tcp"); // UDP loses packets on busy networks and through NAT
          g.setOption("timeout", micros); // FFmpeg >= 5: socket I/O timeout for RTSP
          g.setOption("stimeout", micros); // FFmpeg < 5 spelling; ignored by newer builds
        } else {
          g.setOption("rw_timeout", micros); // any blocking read on the protocol
          if (scheme.startsWith("http")) {
            g.setOption("timeout", micros); // HTTP connect/read timeout
            g.setOption("reconnect", "1");
          }
        }
      }
      case DEVICE -> {
        g.setFormat("video4linux2");
        // the grabber asks the camera for its output format; keep asking for what it always asked,
        // so the camera's capture format does not depend on the form frames are handed out in
        g.setOption("pixel_format", "bgr24");
      }
      case FILE -> {}
    }
  }

  private String openError(String reason) {
    return switch (kind) {
      case FILE ->
          "not a readable video: "
              + source
              + " ("
              + reason
              + "): check it is a complete video file FFmpeg can decode (try: ffprobe "
              + source
              + ")";
      case URL ->
          "cannot open stream "
              + source
              + " ("
              + reason
              + "): check the URL, that the server is up and reachable, and the credentials";
      case DEVICE ->
          "cannot open capture device "
              + source
              + " ("
              + reason
              + "): check the camera works and no other program holds it";
    };
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return (nl >= 0 ? m.substring(0, nl) : m).trim();
  }

  /**
   * The next frame with its own copy of the pixels, or {@code null} at the end of a file or when a
   * stream is lost (nothing arrived within the timeout).
   */
  public DecodedFrame next() {
    if (grabber == null) {
      throw new IllegalStateException("video source " + source + " is closed");
    }
    int consecutive = 0;
    long started = System.nanoTime();
    while (true) {
      if (kind != Kind.FILE && System.nanoTime() - started > stallTimeout.toNanos()) {
        return lost("no frame for " + stallTimeout.toMillis() + " ms");
      }
      org.bytedeco.javacv.Frame f;
      try {
        f = grabber.grabImage();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        decodeErrors++;
        if (++consecutive >= MAX_CONSECUTIVE_ERRORS) {
          if (kind != Kind.FILE) {
            return lost(consecutive + " frames in a row failed (" + reason(e) + ")");
          }
          throw new IngestException(
              "video "
                  + source
                  + ": "
                  + consecutive
                  + " frames in a row failed to decode ("
                  + reason(e)
                  + "): check the file or stream is not corrupt",
              e);
        }
        continue;
      }
      if (f == null) {
        return lost(kind == Kind.FILE ? "end of file" : "end of stream");
      }
      if (f.image == null) {
        continue;
      }
      BufferedImage img = null;
      if (fitTo == null) {
        img = converter.getBufferedImage(f);
        if (img == null) {
          decodeErrors++;
          continue;
        }
      }
      long pts = Math.max(0, f.timestamp) + ptsOffset;
      if (pts <= lastPts) {
        // containers without timestamps (or broken ones): keep pts strictly increasing
        pts = lastPts + frameDurationMicros();
      }
      lastPts = pts;
      return fitTo == null
          ? new DecodedFrame(copy(img), pts, index++)
          : new DecodedFrame(planes(f), pts, index++);
    }
  }

  private DecodedFrame lost(String reason) {
    lossReason = reason;
    return null;
  }

  /**
   * Why the last {@link #next()} returned {@code null} (end of file or stream, a stall, a run of
   * failed frames), or null while frames flow.
   */
  public String lossReason() {
    return lossReason;
  }

  /**
   * Sets how long a live source may deliver no frame before {@link #next()} counts it as lost
   * (default: the network timeout). Silence on the connection itself ends a read after the network
   * timeout already; this also catches a connection that delivers data but no picture.
   */
  public VideoSource stallTimeout(Duration stall) {
    if (stall == null || stall.isNegative() || stall.isZero()) {
      throw new IllegalArgumentException("stall timeout " + stall + ": use a positive duration");
    }
    stallTimeout = stall;
    return this;
  }

  /**
   * Opens a lost live source (URL, device) again, at the frame size it had, so timestamps and frame
   * indices continue where they stopped; throws {@link IngestException} when it is still down.
   */
  public void reopen() {
    if (kind == Kind.FILE) {
      throw new IllegalStateException(
          "files are not reopened, only streams and devices: " + source);
    }
    if (grabber != null) {
      frameWidth = grabber.getImageWidth();
      frameHeight = grabber.getImageHeight();
    }
    if (lastPts >= 0 && grabber != null) {
      ptsOffset = lastPts + frameDurationMicros(); // the new stream's clock may start anywhere
    }
    closeQuietly(grabber);
    grabber = null;
    start();
    if (frameWidth > 0 && frameHeight > 0 && fitTo != null) {
      // the size frames had before the outage, whatever the stream now says, so they stay alike
      grabber.setImageWidth(frameWidth);
      grabber.setImageHeight(frameHeight);
    }
    lossReason = null;
  }

  /**
   * Moves a file to the frame shown at {@code micros} from its start (FFmpeg seeks to the key frame
   * before it and decodes up to it), so a range is read without decoding what comes before.
   */
  public void seek(long micros) {
    if (kind != Kind.FILE) {
      throw new IllegalStateException("only files can seek, not " + kind + " " + source);
    }
    try {
      grabber.setTimestamp(micros);
    } catch (FrameGrabber.Exception e) {
      throw new IngestException(
          "video " + source + ": cannot seek to " + micros / 1e6 + " s (" + reason(e) + ")", e);
    }
  }

  /** Starts a file again from the beginning; presentation timestamps keep growing. */
  public void rewind() {
    if (kind != Kind.FILE) {
      throw new IllegalStateException("only files can loop, not " + kind + " " + source);
    }
    closeQuietly(grabber);
    grabber = null;
    ptsOffset = lastPts + frameDurationMicros();
    start();
    lossReason = null;
  }

  private long frameDurationMicros() {
    double fps = frameRate();
    return fps > 0 && fps < 1000 ? Math.round(1_000_000 / fps) : 40_000;
  }

  /**
   * A copy of the grabber's YUV 4:2:0 picture, whose rows are padded to a stride of its own, as
   * rows back to back.
   */
  private Yuv420 planes(org.bytedeco.javacv.Frame f) {
    if (!(f.opaque instanceof AVFrame pic) || pic.format() != AV_PIX_FMT_YUVJ420P) {
      throw new IllegalStateException(
          "video "
              + source
              + ": the grabber did not deliver a YUVJ420P picture: check the JavaCV version");
    }
    int w = pic.width();
    int h = pic.height();
    int chroma = ((w + 1) / 2) * ((h + 1) / 2);
    Yuv420 out = new Yuv420(w, h, new byte[w * h], new byte[chroma], new byte[chroma]);
    copyPlane(pic, 0, out.y(), out.width(), out.height());
    copyPlane(pic, 1, out.u(), out.chromaWidth(), out.chromaHeight());
    copyPlane(pic, 2, out.v(), out.chromaWidth(), out.chromaHeight());
    return out;
  }

  private static void copyPlane(AVFrame pic, int plane, byte[] dst, int w, int h) {
    BytePointer src = pic.data(plane);
    int stride = pic.linesize(plane);
    if (stride == w) {
      src.position(0).get(dst, 0, w * h);
      return;
    }
    for (int row = 0; row < h; row++) {
      src.position((long) row * stride).get(dst, row * w, w);
    }
  }

  static BufferedImage copy(BufferedImage img) {
    ColorModel cm = img.getColorModel();
    return new BufferedImage(cm, img.copyData(null), cm.isAlphaPremultiplied(), null);
  }

  public String source() {
    return source;
  }

  public Kind kind() {
    return kind;
  }

  /** Width of the frames {@link #next()} returns. */
  public int width() {
    return grabber.getImageWidth();
  }

  /** Height of the frames {@link #next()} returns. */
  public int height() {
    return grabber.getImageHeight();
  }

  /** Frames per second the container declares (0 when unknown). */
  public double frameRate() {
    return grabber == null ? 0 : grabber.getFrameRate();
  }

  /** Frames the container says it holds; 0 or less when unknown (streams). */
  public long declaredFrames() {
    return grabber.getLengthInVideoFrames();
  }

  /** Frames that failed to decode and were skipped. */
  public long decodeErrors() {
    return decodeErrors;
  }

  @Override
  public void close() {
    closeQuietly(grabber);
    grabber = null;
    converter.close();
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    if (g == null) {
      return;
    }
    try {
      g.close();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      // closing a broken grabber: nothing left to release that we could act on
    }
  }
}
