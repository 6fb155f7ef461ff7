package dev.decomcam.ingest;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A video file, network stream (RTSP, HTTP(S), RTMP, ...) or capture device ({@code /dev/videoN})
 * decoded with JavaCV's {@link FFmpegFrameGrabber}.
 *
 * <p>JavaCV reuses its {@code Frame} and the converter reuses its image, so {@link #next()} copies
 * the pixels before returning them. A {@code null} from {@code grab()} means the end of a file or a
 * lost stream; network reads time out after the configured timeout, set with the option each
 * protocol understands ({@code timeout}, {@code rw_timeout}, {@code stimeout}). A frame that fails
 * to decode is skipped and counted; only a long run of failures ends the source. Errors are {@link
 * IngestException}s with one line naming the source and the fix.
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
  private final Java2DFrameConverter converter = new Java2DFrameConverter();
  private FFmpegFrameGrabber grabber;
  private long index;
  private long decodeErrors;
  private long ptsOffset;
  private long lastPts = -1;

  private VideoSource(String source, Kind kind, Duration timeout) {
    this.source = source;
    this.kind = kind;
    this.timeout = timeout;
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

  /** Opens the source; throws {@link IngestException} with a one-line reason when it cannot. */
  public static VideoSource open(String source, Duration timeout) {
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
    VideoSource vs = new VideoSource(target, kind, timeout);
    vs.start();
    return vs;
  }

  private void start() {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
    configure(g);
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
      case DEVICE -> g.setFormat("video4linux2");
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
    while (true) {
      org.bytedeco.javacv.Frame f;
      try {
        f = grabber.grabImage();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        decodeErrors++;
        if (++consecutive >= MAX_CONSECUTIVE_ERRORS) {
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
        return null;
      }
      if (f.image == null) {
        continue;
      }
      BufferedImage img = converter.getBufferedImage(f);
      if (img == null) {
        decodeErrors++;
        continue;
      }
      long pts = Math.max(0, f.timestamp) + ptsOffset;
      if (pts <= lastPts) {
        // containers without timestamps (or broken ones): keep pts strictly increasing
        pts = lastPts + frameDurationMicros();
      }
      lastPts = pts;
      return new DecodedFrame(copy(img), pts, index++);
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
  }

  private long frameDurationMicros() {
    double fps = frameRate();
    return fps > 0 && fps < 1000 ? Math.round(1_000_000 / fps) : 40_000;
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

  public int width() {
    return grabber.getImageWidth();
  }

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
