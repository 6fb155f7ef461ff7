package dev.decomcam.sink.record;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.sink.feed.OverlayListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes images to MP4 files per camera in an output directory, named {@code <camera>-<time>.mp4}
 * from a safe form of the camera id; names never collide and a restart never overwrites an earlier
 * recording ({@link RecordingNames}).
 *
 * <p>With rolling {@link Segments} a camera's recording is cut on the clock of the frames' capture
 * times ({@code <time>}: the first frame's capture time): a frame of a later segment closes the
 * camera's file and opens the next; each closed file is listed in the camera's sidecar {@link
 * SegmentIndex} ({@code <camera>.index.json}) and the oldest are deleted beyond the number kept.
 * Without ({@link Segments#ONE_FILE}, the two-argument constructor) each camera gets one file per
 * run, {@code <time>} being the recorder's start, and no index.
 *
 * <p>Uses JavaCV's {@link FFmpegFrameRecorder} with the MPEG-4 Part 2 codec at a fixed quantiser
 * (qscale 3: visually clean overlays, ~1-3 Mbit/s at 640x480): this FFmpeg build has no libx264,
 * and asking for it silently falls back to mpeg4 anyway. A camera's file takes the size of its
 * first image (rounded down to even, which YUV 4:2:0 needs: an odd last row or column is dropped);
 * later images of another size are scaled to it (by the recorder's swscale).
 *
 * <p>Overlay JPEGs are decoded to planar YUV 4:2:0 ({@link JpegCodec#decodeYuv}), which is what the
 * encoder takes: the planes only go from JPEG's full range to the limited (studio) range that
 * MPEG-4 video is played back as, in one pass over the bytes in Java, and reach the recorder as
 * {@code YUV420P}, so an image of the file's size needs no colour conversion and no swscale. The
 * MP4 index is written on {@link #close()}, so close the recorder to get a playable file.
 */
public final class Mp4Recorder implements OverlayListener {
  private long finishedFrames;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path outputDir;
  private final double fps;
  private final String stamp;
  private final Segments segments;
  private final boolean indexed;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final Map<String, SegmentIndex> indexes = new LinkedHashMap<>();
  private final Map<String, Long> cameraFrames = new LinkedHashMap<>();
  private final int maxOpen;
  private final long idleMs;
  private final LongSupplier clock;

  /** Full-range (JPEG) luma level to limited range: 0..255 to 16..235. */
  private static final byte[] LUMA_TO_LIMITED = levels(v -> 16 + v * 219 / 255.0);

  /** Full-range (JPEG) chroma level to limited range: 0..255 to 16..240, 128 staying 128. */
  private static final byte[] CHROMA_TO_LIMITED = levels(v -> 128 + (v - 128) * 224 / 255.0);

  private static final class Track {
    final FFmpegFrameRecorder recorder;
    final Path file;
    final int width;
    final int height;
    final long segment;
    long frames;
    long firstSequence;
    long lastSequence;
    long firstCaptureMs;
    long lastCaptureMs;

    /** When the track last took an image, on the recorder's clock (ms). */
    long writtenMs;

    /** Limited-range planes of the image being written, back to back; grown as needed. */
    byte[] planes = new byte[0];

    ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    Track(FFmpegFrameRecorder recorder, Path file, int width, int height, long segment) {
      this.recorder = recorder;
      this.file = file;
      this.width = width;
      this.height = height;
      this.segment = segment;
    }
  }

  /**
   * A recorder writing one file per camera into {@code outputDir} (created when missing) at {@code
   * fps} frames per second, with no index.
   */
  public Mp4Recorder(Path outputDir, double fps) {
    this(
        outputDir,
        fps,
        Segments.ONE_FILE,
        false,
        Integer.MAX_VALUE,
        Long.MAX_VALUE,
        Mp4Recorder::monotonicMs);
  }

  /**
   * A recorder writing segments per camera into {@code outputDir} (created when missing) at {@code
   * fps} frames per second, each camera's closed segments listed in its sidecar index.
   */
  public Mp4Recorder(Path outputDir, double fps, Segments segments) {
    this(
        outputDir,
        fps,
        segments,
        true,
        Integer.MAX_VALUE,
        Long.MAX_VALUE,
        Mp4Recorder::monotonicMs);
  }

  /**
   * As {@link #Mp4Recorder(Path, double, Segments)}, bounded: at most {@code maxOpen} cameras have
   * a file open (a new camera's image finishes the file of the camera written longest ago), and
   * {@link #expireIdle()} finishes the file of each camera not written for {@code idleMs} and
   * forgets the camera, so that a flood of camera ids leaves neither encoders nor file handles
   * open. A camera forgotten or closed this way that comes back gets a new file.
   */
  public Mp4Recorder(Path outputDir, double fps, Segments segments, int maxOpen, long idleMs) {
    this(outputDir, fps, segments, true, maxOpen, idleMs, Mp4Recorder::monotonicMs);
  }

  /** As the bounded constructor, on {@code clock} (ms; tests). */
  Mp4Recorder(
      Path outputDir, double fps, Segments segments, int maxOpen, long idleMs, LongSupplier clock) {
    this(outputDir, fps, segments, true, maxOpen, idleMs, clock);
  }

  private Mp4Recorder(
      Path outputDir,
      double fps,
      Segments segments,
      boolean indexed,
      int maxOpen,
      long idleMs,
      LongSupplier clock) {
    if (maxOpen < 1 || idleMs < 1) {
      throw new IllegalArgumentException(
          "recorder bounds "
              + maxOpen
              + " cameras, "
              + idleMs
              + " ms: use at least 1 of each (cameras.max, camera.idle.ms)");
    }
    this.maxOpen = maxOpen;
    this.idleMs = idleMs;
    this.clock = clock;
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
    this.segments = segments;
    this.indexed = indexed;
  }

  /**
   * The file this recorder writes for a camera, or the name it would first try for it ({@link
   * RecordingNames}: another recording already there makes it take the next free name).
   */
  public synchronized Path fileFor(String cameraId) {
    Track t = tracks.get(cameraId);
    return t != null
        ? t.file
        : outputDir.resolve(RecordingNames.stem(cameraId) + "-" + stamp + ".mp4");
  }

  /**
   * Appends an overlay's image to its camera's file, opening it on the camera's first image (and,
   * rolling, on the first image of each segment).
   */
  @Override
  public void onOverlay(Overlay overlay) {
    write(
        overlay.getCameraId(),
        overlay.getSequence(),
        overlay.getCaptureTimestampMs(),
        JpegCodec.decodeYuv(overlay.getImage()));
  }

  /** Frames written so far, all cameras together. */
  public synchronized long totalFrames() {
    return tracks.values().stream().mapToLong(t -> t.frames).sum() + finishedFrames;
  }

  /**
   * Appends an image to a camera's file, converted to YUV in Java ({@link Yuv420#fromImage}): for
   * images that do not come from a JPEG; {@link #write(String, Yuv420)} is the fast path.
   */
  public void write(String cameraId, BufferedImage image) {
    write(cameraId, Yuv420.fromImage(image));
  }

  /**
   * Appends a full-range YUV image to a camera's file, opening it on the camera's first image; its
   * sequence is the camera's frame count and its capture time now.
   */
  public synchronized void write(String cameraId, Yuv420 image) {
    write(cameraId, frames(cameraId), System.currentTimeMillis(), image);
  }

  /**
   * Appends a full-range YUV image captured at {@code captureMs} to its camera's file, opening it
   * on the camera's first image; rolling, a frame of a later segment than the open file's closes
   * that file first (a frame of an earlier one, out of order, stays in the open file).
   */
  public synchronized void write(String cameraId, long sequence, long captureMs, Yuv420 image) {
    Track t = tracks.get(cameraId);
    long segment = segments.segmentOf(captureMs);
    if (t != null && segment > t.segment) {
      tracks.remove(cameraId);
      finish(cameraId, t);
      t = null;
    }
    if (t == null) {
      if (tracks.size() >= maxOpen) {
        finishOldest();
      }
      t = open(cameraId, image.width() & ~1, image.height() & ~1, segment, captureMs);
      tracks.put(cameraId, t);
      t.firstSequence = sequence;
      t.firstCaptureMs = captureMs;
    }
    int dw = image.width() - t.width;
    int dh = image.height() - t.height;
    // an odd size rounded down loses its last row/column; other sizes are scaled by the recorder
    boolean crop = dw >= 0 && dw <= 1 && dh >= 0 && dh <= 1;
    int w = crop ? t.width : image.width();
    int h = crop ? t.height : image.height();
    ByteBuffer planes = limitedRange(t, image, w, h);
    try {
      t.recorder.recordImage(w, h, Frame.DEPTH_UBYTE, 1, w, avutil.AV_PIX_FMT_YUV420P, planes);
      t.frames++;
      t.lastSequence = sequence;
      t.lastCaptureMs = captureMs;
      t.writtenMs = clock.getAsLong();
      cameraFrames.merge(cameraId, 1L, Long::sum);
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException(
          "cannot write frame to " + t.file + ": " + e.getMessage() + ": check free disk space", e);
    }
  }

  private Track open(String cameraId, int w, int h, long segment, long captureMs) {
    if (w < 2 || h < 2) {
      throw new IllegalArgumentException(
          "image " + w + "x" + h + " for camera " + cameraId + " is too small to record");
    }
    String time =
        segments.rolling()
            ? LocalDateTime.ofInstant(Instant.ofEpochMilli(captureMs), ZoneId.systemDefault())
                .format(STAMP)
            : stamp;
    Path file = RecordingNames.reserve(outputDir, RecordingNames.stem(cameraId) + "-" + time);
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
    return new Track(r, file, w, h, segment);
  }

  /**
   * The top-left {@code w x h} of {@code image} in limited range, as {@code YUV420P} planes back to
   * back (rows without padding) in the track's direct buffer, which the recorder reads in place.
   */
  private static ByteBuffer limitedRange(Track t, Yuv420 image, int w, int h) {
    int cw = (w + 1) / 2;
    int ch = (h + 1) / 2;
    int lumaBytes = w * h;
    int chromaBytes = cw * ch;
    int total = lumaBytes + 2 * chromaBytes;
    if (t.planes.length < total) {
      t.planes = new byte[total];
      // spare bytes: swscale, when it scales, may read a little past the last pixel
      t.buffer = ByteBuffer.allocateDirect(total + 64);
    }
    byte[] out = t.planes;
    mapPlane(image.y(), image.width(), out, 0, w, h, LUMA_TO_LIMITED);
    mapPlane(image.u(), image.chromaWidth(), out, lumaBytes, cw, ch, CHROMA_TO_LIMITED);
    mapPlane(
        image.v(), image.chromaWidth(), out, lumaBytes + chromaBytes, cw, ch, CHROMA_TO_LIMITED);
    ByteBuffer b = t.buffer;
    b.clear();
    b.put(out, 0, total);
    b.flip();
    return b;
  }

  private static void mapPlane(
      byte[] src, int srcWidth, byte[] dst, int offset, int w, int h, byte[] levels) {
    for (int row = 0; row < h; row++) {
      int s = row * srcWidth;
      int d = offset + row * w;
      for (int i = 0; i < w; i++) {
        dst[d + i] = levels[src[s + i] & 255];
      }
    }
  }

  /** A table of {@code level} at 0..255, rounded. */
  private static byte[] levels(java.util.function.IntToDoubleFunction level) {
    byte[] map = new byte[256];
    for (int v = 0; v < 256; v++) {
      map[v] = (byte) Math.round(level.applyAsDouble(v));
    }
    return map;
  }

  /** Cameras with a file open now. */
  public synchronized int openFiles() {
    return tracks.size();
  }

  /** Cameras remembered now (an open file, or frames counted): bounded by the idle expiry. */
  public synchronized int cameras() {
    return Math.max(tracks.size(), cameraFrames.size());
  }

  /**
   * Finishes the file of each camera not written for the idle time, and forgets the camera (its
   * frame count, its sidecar index held in memory); returns how many. Called by the overlay feed
   * after each poll, so it runs when no overlay comes at all.
   */
  @Override
  public synchronized int expireIdle() {
    long now = clock.getAsLong();
    List<String> idle = new ArrayList<>();
    tracks.forEach(
        (cam, t) -> {
          if (now - t.writtenMs > idleMs) {
            idle.add(cam);
          }
        });
    RuntimeException first = null;
    for (String cam : idle) {
      try {
        finish(cam, tracks.remove(cam));
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
      indexes.remove(cam);
      cameraFrames.remove(cam);
    }
    // cameras whose file a segment change or the cap closed, and which wrote nothing since
    cameraFrames.keySet().removeIf(cam -> !tracks.containsKey(cam));
    indexes.keySet().removeIf(cam -> !tracks.containsKey(cam));
    if (first != null) {
      throw first;
    }
    return idle.size();
  }

  /** Finishes the file of the camera written longest ago: a new camera needs its place. */
  private void finishOldest() {
    String oldest = null;
    long at = Long.MAX_VALUE;
    for (Map.Entry<String, Track> e : tracks.entrySet()) {
      if (e.getValue().writtenMs < at) {
        at = e.getValue().writtenMs;
        oldest = e.getKey();
      }
    }
    if (oldest != null) {
      finish(oldest, tracks.remove(oldest));
    }
  }

  private static long monotonicMs() {
    return System.nanoTime() / 1_000_000;
  }

  /** Frames written so far for a camera, all its files together. */
  public synchronized long frames(String cameraId) {
    return cameraFrames.getOrDefault(cameraId, 0L);
  }

  /**
   * Finishes a camera's file (writes the MP4 index), lists it in the camera's sidecar index and
   * deletes the oldest segments beyond those kept.
   */
  private void finish(String cameraId, Track t) {
    finishedFrames += t.frames;
    try {
      t.recorder.close();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot finish MP4 " + t.file + ": " + e.getMessage(), e);
    }
    if (indexed && t.frames > 0) {
      SegmentIndex index = indexes.computeIfAbsent(cameraId, c -> SegmentIndex.open(outputDir, c));
      index.add(
          new SegmentIndex.Entry(
              t.file.getFileName().toString(),
              t.frames,
              t.firstSequence,
              t.lastSequence,
              t.firstCaptureMs,
              t.lastCaptureMs));
      index.retain(segments.keep());
    }
  }

  /** Finishes every camera's file (writes the MP4 index and, with segments, the sidecar index). */
  @Override
  public synchronized void close() {
    RuntimeException first = null;
    for (Map.Entry<String, Track> e : tracks.entrySet()) {
      try {
        finish(e.getKey(), e.getValue());
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        }
      }
    }
    tracks.clear();
    if (first != null) {
      throw first;
    }
  }
}
