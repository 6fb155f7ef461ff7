package dev.decomcam.ops.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Generates the demo video and its ground truth: segments of about two seconds, each with one
 * target shape of a new class gliding on a smooth Lissajous path and slowly turning, over a
 * textured background with drifting, spinning distractors. The scenes are painted by the same
 * {@link ScenePainter} as the training set, so the demo model sees familiar pixels.
 *
 * <p>Written as MPEG-4 Part 2 in an MP4 container: this FFmpeg build has no libx264 and silently
 * falls back to mpeg4 with default (poor) quality when asked for it, so mpeg4 is requested
 * explicitly with a fixed quantiser.
 */
public final class DemoVideo {

  /** Default frame width. */
  public static final int WIDTH = ShapeDataset.SCENE_WIDTH;

  /** Default frame height. */
  public static final int HEIGHT = ShapeDataset.SCENE_HEIGHT;

  /** Default frame rate. */
  public static final int FPS = 25;

  /** Default length: 10 s at 25 fps. */
  public static final int FRAMES = 250;

  /** Frames per segment (one target class each). */
  public static final int SEGMENT_FRAMES = 50;

  private DemoVideo() {}

  /** Generates a 320×240, 25 fps video with {@code frames} frames. */
  public static GroundTruth generate(Path mp4, Path groundTruthJson, long seed, int frames)
      throws IOException {
    return generate(mp4, groundTruthJson, seed, frames, WIDTH, HEIGHT, FPS);
  }

  /**
   * Generates the video and writes the sidecar.
   *
   * @return the ground truth also written to {@code groundTruthJson}
   */
  public static GroundTruth generate(
      Path mp4, Path groundTruthJson, long seed, int frames, int width, int height, int fps)
      throws IOException {
    if (frames < 1 || width < 32 || height < 32 || fps < 1) {
      throw new IllegalArgumentException(
          "demo video: frames "
              + frames
              + ", size "
              + width
              + "x"
              + height
              + ", fps "
              + fps
              + " out of range: use at least 1 frame, 32x32 pixels and 1 fps");
    }
    Path parent = mp4.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Random rnd = new Random(seed);
    List<ShapeClass> order = classOrder(rnd, (frames + SEGMENT_FRAMES - 1) / SEGMENT_FRAMES);
    List<GroundTruth.Frame> truth = new ArrayList<>(frames);
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Rectangle bounds = new Rectangle(0, 0, width, height);
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(mp4.toFile(), width, height, 0);
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(fps);
      rec.setGopSize(fps);
      // fixed quantiser 3 (1 best .. 31 worst): sharp edges at about 1 Mbit/s for 320x240
      rec.setVideoQuality(3);
      rec.start();
      Segment seg = null;
      for (int f = 0; f < frames; f++) {
        if (f % SEGMENT_FRAMES == 0) {
          seg = new Segment(order.get(f / SEGMENT_FRAMES), width, height, rnd);
        }
        Graphics2D g = canvas.createGraphics();
        Rectangle box;
        try {
          box = seg.paint(g, f % SEGMENT_FRAMES, bounds);
        } finally {
          g.dispose();
        }
        ShapeClass c = seg.shape;
        truth.add(
            new GroundTruth.Frame(
                f,
                c.ordinal(),
                c.label(),
                new GroundTruth.Box(box.x, box.y, box.width, box.height)));
        Frame frame = conv.convert(canvas);
        rec.record(frame);
      }
      rec.stop();
    }
    GroundTruth gt = new GroundTruth(width, height, fps, ShapeClass.labels(), List.copyOf(truth));
    gt.write(groundTruthJson);
    return gt;
  }

  /**
   * Classes for consecutive segments: shuffled rounds of all classes, never the same twice in a
   * row.
   */
  static List<ShapeClass> classOrder(Random rnd, int segments) {
    List<ShapeClass> out = new ArrayList<>();
    while (out.size() < segments) {
      List<ShapeClass> round = new ArrayList<>(List.of(ShapeClass.values()));
      java.util.Collections.shuffle(round, rnd);
      if (!out.isEmpty() && round.get(0) == out.get(out.size() - 1)) {
        java.util.Collections.swap(round, 0, round.size() - 1);
      }
      out.addAll(round);
    }
    return out.subList(0, segments);
  }

  /** One segment's world: a background, drifting clutter and the moving target. */
  private static final class Segment {
    final ShapeClass shape;
    final BufferedImage background;
    final Color fill;
    final double radius;
    final double cx;
    final double cy;
    final double ax;
    final double ay;
    final double wx;
    final double wy;
    final double px;
    final double py;
    final double angle0;
    final double spin;
    final List<Mover> clutter = new ArrayList<>();

    Segment(ShapeClass shape, int w, int h, Random rnd) {
      this.shape = shape;
      background = ScenePainter.background(w, h, rnd);
      fill =
          ScenePainter.targetColour(
              ScenePainter.meanColour(background, new Rectangle(0, 0, w, h)), rnd);
      double unit = Math.min(w, h);
      radius = unit * (0.18 + 0.1 * rnd.nextDouble());
      // a Lissajous path that keeps the whole shape in the frame
      double rangeX = w / 2.0 - radius;
      double rangeY = h / 2.0 - radius;
      cx = w / 2.0 + (rnd.nextDouble() - 0.5) * 0.3 * rangeX;
      cy = h / 2.0 + (rnd.nextDouble() - 0.5) * 0.3 * rangeY;
      ax = (rangeX - Math.abs(cx - w / 2.0)) * (0.5 + 0.45 * rnd.nextDouble());
      ay = (rangeY - Math.abs(cy - h / 2.0)) * (0.5 + 0.45 * rnd.nextDouble());
      wx = 2 * Math.PI / (SEGMENT_FRAMES * (1.2 + rnd.nextDouble()));
      wy = 2 * Math.PI / (SEGMENT_FRAMES * (1.2 + rnd.nextDouble()));
      px = rnd.nextDouble() * 2 * Math.PI;
      py = rnd.nextDouble() * 2 * Math.PI;
      angle0 = rnd.nextDouble() * 2 * Math.PI;
      spin = (rnd.nextBoolean() ? 1 : -1) * (0.01 + 0.03 * rnd.nextDouble());
      int n = 4 + rnd.nextInt(5);
      for (int i = 0; i < n; i++) {
        clutter.add(
            new Mover(
                ScenePainter.distractor(w, h, rnd),
                rnd.nextDouble() * w,
                rnd.nextDouble() * h,
                (rnd.nextDouble() - 0.5) * 4,
                (rnd.nextDouble() - 0.5) * 4,
                rnd.nextDouble() * 6,
                (rnd.nextDouble() - 0.5) * 0.1));
      }
    }

    Rectangle paint(Graphics2D g, int t, Rectangle bounds) {
      g.drawImage(background, 0, 0, null);
      for (Mover m : clutter) {
        m.paint(g, t, bounds.width, bounds.height);
      }
      double x = cx + ax * Math.sin(wx * t + px);
      double y = cy + ay * Math.sin(wy * t + py);
      return ScenePainter.paintTarget(g, shape, x, y, radius, angle0 + spin * t, fill, bounds);
    }
  }

  /** A distractor drifting in a straight line, wrapping around the frame, and spinning. */
  private record Mover(
      Distractor d, double x0, double y0, double vx, double vy, double a0, double va) {
    void paint(Graphics2D g, int t, int w, int h) {
      double x = ((x0 + vx * t) % w + w) % w;
      double y = ((y0 + vy * t) % h + h) % h;
      ScenePainter.paintDistractor(g, d, x, y, a0 + va * t);
    }
  }
}
