package dev.decomcam.sink.record;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.feed.OverlayListener;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes images to one MP4 file per camera in an output directory, named {@code <camera>-<start
 * time>.mp4} so a restart never overwrites an earlier recording.
 *
 * <p>Uses JavaCV's {@link FFmpegFrameRecorder} with the MPEG-4 Part 2 codec at a fixed quantiser
 * (qscale 3: visually clean overlays, ~1-3 Mbit/s at 640x480): this FFmpeg build has no libx264,
 * and asking for it silently falls back to mpeg4 anyway. A camera's file takes the size of its
 * first image (rounded down to even, which YUV 4:2:0 needs); later images of another size are
 * scaled to it. The MP4 index is written on {@link #close()}, so close the recorder to get a
 * playable file.
 */
public final class Mp4Recorder implements OverlayListener {
  private long finishedFrames;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path outputDir;
  private final double fps;
  private final String stamp;
  private final Map<String, Track> tracks = new LinkedHashMap<>();

  private static final class Track {
    final FFmpegFrameRecorder recorder;
    final Java2DFrameConverter converter = new Java2DFrameConverter();
    final Path file;
    final int width;
    final int height;
    long frames;

    Track(FFmpegFrameRecorder recorder, Path file, int width, int height) {
      this.recorder = recorder;
      this.file = file;
      this.width = width;
      this.height = height;
    }
  }

  /**
   * A recorder writing into {@code outputDir} (created when missing) at {@code fps} frames per
   * second.
   */
  public Mp4Recorder(Path outputDir, double fps) {
    if (!(fps > 0 && fps <= 240)) {
      throw new IllegalArgumentException(
          "recording fps " + fps + ": use a rate from 1 to 240, e.g. 10");
    }
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create recording directory " + outputDir + ": check the path and permissions", e);
    }
    this.outputDir = outputDir;
    this.fps = fps;
    this.stamp = LocalDateTime.now().format(STAMP);
  }

  /** The file this recorder writes (or will write) for a camera. */
  public Path fileFor(String cameraId) {
    return outputDir.resolve(cameraId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp + ".mp4");
  }

  /** Appends an overlay's image to its camera's file, opening it on the camera's first image. */
  @Override
  public void onOverlay(Overlay overlay) {
    write(overlay.getCameraId(), JpegCodec.decode(overlay.getImage()));
  }

  /** Frames written so far, all cameras together. */
  public synchronized long totalFrames() {
    return tracks.values().stream().mapToLong(t -> t.frames).sum() + finishedFrames;
  }

  public synchronized void write(String cameraId, BufferedImage image) {
    Track t = tracks.get(cameraId);
    if (t == null) {
      t = open(cameraId, image.getWidth() & ~1, image.getHeight() & ~1);
      tracks.put(cameraId, t);
    }
    try {
      t.recorder.record(t.converter.convert(fit(image, t.width, t.height)));
      t.frames++;
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException(
          "cannot write frame to " + t.file + ": " + e.getMessage() + ": check free disk space", e);
    }
  }

  private Track open(String cameraId, int w, int h) {
    if (w < 2 || h < 2) {
      throw new IllegalArgumentException(
          "image " + w + "x" + h + " for camera " + cameraId + " is too small to record");
    }
    Path file = fileFor(cameraId);
    FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toString(), w, h, 0);
    r.setFormat("mp4");
    r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
    r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    r.setFrameRate(fps);
    r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
    r.setVideoQuality(3); // qscale: 1 best .. 31 worst
    // fragmented MP4: each fragment is self-contained, so a killed sink leaves a playable file
    // up to its last fragment instead of one with no index at all
    r.setOption("movflags", "frag_keyframe+empty_moov+default_base_moof");
    try {
      r.start();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException(
          "cannot start MP4 recording "
              + file
              + ": "
              + e.getMessage()
              + ": check the directory is writable",
          e);
    }
    return new Track(r, file, w, h);
  }

  private static BufferedImage fit(BufferedImage src, int w, int h) {
    if (src.getWidth() == w
        && src.getHeight() == h
        && src.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return src;
    }
    BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    if (src.getWidth() - w <= 1
        && src.getHeight() - h <= 1
        && src.getWidth() >= w
        && src.getHeight() >= h) {
      g.drawImage(src, 0, 0, null); // odd size rounded down: drop the last row/column
    } else {
      g.drawImage(src, 0, 0, w, h, null);
    }
    g.dispose();
    return dst;
  }

  /** Frames written so far for a camera. */
  public synchronized long frames(String cameraId) {
    Track t = tracks.get(cameraId);
    return t == null ? 0 : t.frames;
  }

  /** Finishes every camera's file (writes the MP4 index). */
  @Override
  public synchronized void close() {
    IllegalStateException first = null;
    for (Track t : tracks.values()) {
      try {
        t.recorder.close();
      } catch (FrameRecorder.Exception e) {
        if (first == null) {
          first =
              new IllegalStateException("cannot finish MP4 " + t.file + ": " + e.getMessage(), e);
        }
      }
      t.converter.close();
    }
    finishedFrames += tracks.values().stream().mapToLong(t -> t.frames).sum();
    tracks.clear();
    if (first != null) {
      throw first;
    }
  }
}
