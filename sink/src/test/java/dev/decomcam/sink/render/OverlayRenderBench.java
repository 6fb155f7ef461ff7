package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.common.image.Yuv420;
import dev.decomcam.schemas.Component;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.SaliencyMap;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: the sink's render stage (JPEG decode, draw, JPEG encode, as {@code
 * OverlayMaker} times it) on a 640x480 frame of the shared {@code eagle_pan.mp4} (a synthetic one
 * when the video is missing), for realistic explanations (a 224x224 saliency map with 3 components
 * at 7x7, a 128x128 one with 5 at 16x16), for the processor's centre crop and for the whole frame.
 * Prints the mean ms per overlay of the old path (decode to BGR, {@link BgrOverlayRenderer}, encode
 * from BGR) and of the new one (decode to YUV, {@link OverlayRenderer}, encode from YUV), called in
 * turn in the same run so load hits both alike: for explained frames (a new explanation every
 * frame) and for reused ones (frames the processor skipped, drawn with the camera's latest
 * explanation again), and the draw alone against the {@link PreviousOverlayRenderer} (float heatmap
 * levels) on the same frames. Also checks that the old path draws the same pixels as the {@link
 * BaselineOverlayRenderer}, prints how far the new picture is from the old one converted to YUV and
 * from the previous YUV one, and writes overlays of both paths to {@code java.io.tmpdir} ({@code
 * yuvrender-*.jpg}) to look at. Runs only with {@code -Ddecomcam.bench=true
 * -Dtest=OverlayRenderBench}; asserts nothing about time.
 */
class OverlayRenderBench {

  @Test
  void bgrVersusYuvRenderStage() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int reps = Integer.getInteger("decomcam.bench.reps", 150);
    JpegCodec codec = new JpegCodec(0.85);
    byte[] jpeg = codec.encode(frame640()).bytes();
    ByteBuffer record = ByteBuffer.wrap(jpeg);
    BufferedImage frame = JpegCodec.decode(jpeg);
    BaselineOverlayRenderer baseline = new BaselineOverlayRenderer();
    BgrOverlayRenderer old = new BgrOverlayRenderer();
    OverlayRenderer now = new OverlayRenderer();
    PreviousOverlayRenderer previous = new PreviousOverlayRenderer();
    PreviousOverlayRenderer.Reuse previousReuse = new PreviousOverlayRenderer.Reuse(7, 4, 160);
    OverlayRenderer.Reuse reuse = new OverlayRenderer.Reuse(7, 4, 160, false);
    List<Float> centreCrop = List.of(110f, 30f, 420f, 420f); // Resize(256) + CenterCrop(224)
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (boolean fine : new boolean[] {false, true}) {
      for (List<Float> crop : List.of(centreCrop, List.<Float>of())) {
        Explanation a = realistic(crop, fine, 3);
        Explanation b = realistic(crop, fine, 4);
        String what =
            (fine ? "saliency 128x128, 5 components 16x16" : "saliency 224x224, 3 components 7x7")
                + ", crop "
                + (crop.isEmpty() ? "whole frame" : crop);
        assertSame(baseline.render(frame, a, 40), old.render(frame, a, 40), what);
        Yuv420 yuv = now.render(JpegCodec.decodeYuv(record), a, 40);
        Yuv420 ref = Yuv420.fromImage(old.render(frame, a, 40));
        System.out.printf(
            "bench render %s: new - old in YUV: Y %s, Cb %s, Cr %s%n",
            what, diff(yuv.y(), ref.y()), diff(yuv.u(), ref.u()), diff(yuv.v(), ref.v()));
        Yuv420 drawnBefore = previous.render(JpegCodec.decodeYuv(record), a, 40);
        System.out.printf(
            "bench render %s: new - previous (float levels) in YUV: Y %s, Cb %s, Cr %s%n",
            what,
            diff(yuv.y(), drawnBefore.y()),
            diff(yuv.u(), drawnBefore.u()),
            diff(yuv.v(), drawnBefore.v()));
        if (!fine && !crop.isEmpty()) {
          Files.write(tmp.resolve("yuvrender-explained.jpg"), codec.encode(yuv).bytes());
          Files.write(
              tmp.resolve("yuvrender-reused.jpg"),
              codec.encode(now.renderReused(JpegCodec.decodeYuv(record), a, reuse, 40)).bytes());
          Files.write(
              tmp.resolve("yuvrender-reduced2.jpg"),
              codec.encode(reducedStage(now, record, a, reuse, 2)).bytes());
          Files.write(
              tmp.resolve("yuvrender-previous-explained.jpg"), codec.encode(drawnBefore).bytes());
          Files.write(
              tmp.resolve("yuvrender-old-explained.jpg"),
              codec.encode(old.render(frame, a, 40)).bytes());
        }
        for (int round = 0; round < 2; round++) {
          for (boolean reused : new boolean[] {false, true}) {
            long[] ns = new long[8];
            for (int i = -reps / 3; i < reps; i++) {
              // explained: a new explanation every frame; reused: the camera's latest again
              Explanation e = reused || i % 2 == 0 ? a : b;
              long t0 = System.nanoTime();
              BufferedImage bgr = JpegCodec.decode(record);
              BufferedImage drawnBgr =
                  reused ? old.renderReused(bgr, e, reuse, 40) : old.render(bgr, e, 40);
              codec.encode(drawnBgr);
              long t1 = System.nanoTime();
              Yuv420 planes = JpegCodec.decodeYuv(record);
              long t2 = System.nanoTime();
              Yuv420 drawn =
                  reused ? now.renderReused(planes, e, reuse, 40) : now.render(planes, e, 40);
              long t3 = System.nanoTime();
              codec.encode(drawn);
              long t4 = System.nanoTime();
              // the sink catching up: the same stage at half and a quarter of the size
              codec.encode(reducedStage(now, record, e, reused ? reuse : null, 2));
              long t5 = System.nanoTime();
              codec.encode(reducedStage(now, record, e, reused ? reuse : null, 4));
              long t6 = System.nanoTime();
              // the draw as it was, on the same frame
              Yuv420 planesAgain = JpegCodec.decodeYuv(record);
              long t7 = System.nanoTime();
              if (reused) {
                previous.renderReused(planesAgain, e, previousReuse, 40);
              } else {
                previous.render(planesAgain, e, 40);
              }
              long t8 = System.nanoTime();
              if (i >= 0) {
                ns[0] += t1 - t0;
                ns[1] += t4 - t1;
                ns[2] += t2 - t1;
                ns[3] += t3 - t2;
                ns[4] += t4 - t3;
                ns[5] += t5 - t4;
                ns[6] += t6 - t5;
                ns[7] += t8 - t7;
              }
            }
            double before = ns[0] / 1e6 / reps;
            double after = ns[1] / 1e6 / reps;
            System.out.printf(
                "bench render 640x480 %s, %s frames, round %d: stage (decode + draw + encode) old"
                    + " %.2f ms, new %.2f ms (%.1fx); new: decode %.2f, draw %.2f, encode %.2f"
                    + " ms; new at 1/2 size %.2f ms (%.1fx cheaper), at 1/4 %.2f ms (%.1fx);"
                    + " draw previous %.2f ms, new %.2f ms (%.2fx)%n",
                what,
                reused ? "reused" : "explained",
                round,
                before,
                after,
                before / after,
                ns[2] / 1e6 / reps,
                ns[3] / 1e6 / reps,
                ns[4] / 1e6 / reps,
                ns[5] / 1e6 / reps,
                (double) ns[1] / ns[5],
                ns[6] / 1e6 / reps,
                (double) ns[1] / ns[6],
                ns[7] / 1e6 / reps,
                ns[3] / 1e6 / reps,
                (double) ns[7] / ns[3]);
          }
        }
      }
    }
    Random rnd = new Random(7);
    for (int k = 0; k < 40; k++) {
      Explanation e = random(rnd);
      assertSame(baseline.render(frame, e, 1), old.render(frame, e, 1), "random explanation " + k);
    }
    System.out.println("bench render: the old path and the baseline drew the same pixels");
    System.out.println("bench render: overlays written to " + tmp.resolve("yuvrender-*.jpg"));
  }

  /** The sink's stage for a late live frame: decoded and drawn at 1/{@code r} of its size. */
  private static Yuv420 reducedStage(
      OverlayRenderer now, ByteBuffer record, Explanation e, OverlayRenderer.Reuse reuse, int r) {
    Yuv420 planes = JpegCodec.decodeYuvReduced(record, PixelLimit.DEFAULT, r);
    return reuse == null
        ? now.render(planes, r, e, 1200)
        : now.renderReused(planes, r, e, reuse, 1200);
  }

  private static void assertSame(BufferedImage a, BufferedImage b, String what) {
    int differ = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        if (a.getRGB(x, y) != b.getRGB(x, y)) {
          differ++;
        }
      }
    }
    assertEquals(0, differ, what + ": pixels that differ");
  }

  /** Largest and mean absolute difference of two planes. */
  private static String diff(byte[] a, byte[] b) {
    int max = 0;
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      int d = Math.abs((a[i] & 255) - (b[i] & 255));
      max = Math.max(max, d);
      sum += d;
    }
    return String.format("max %d mean %.3f", max, (double) sum / a.length);
  }

  /** A frame of the shared eagle video at 640x480, or a synthetic gradient with shapes. */
  private static BufferedImage frame640() throws Exception {
    Path video =
        Path.of(
            System.getProperty("decomcam.root", ".."),
            "..",
            "shared",
            "media",
            "video",
            "eagle_pan.mp4");
    if (Files.isRegularFile(video)) {
      try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
          Java2DFrameConverter c = new Java2DFrameConverter()) {
        g.start();
        Frame f = null;
        for (int i = 0; i < 30; i++) {
          f = g.grabImage();
        }
        BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D gr = img.createGraphics();
        gr.drawImage(c.convert(f), 0, 0, 640, 480, null);
        gr.dispose();
        g.stop();
        System.out.println("bench render frame: " + video.normalize() + " frame 30");
        return img;
      }
    }
    BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D gr = img.createGraphics();
    gr.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), 640, 480, new Color(200, 170, 90)));
    gr.fillRect(0, 0, 640, 480);
    gr.setColor(new Color(120, 60, 30));
    gr.fillOval(220, 140, 220, 180);
    gr.dispose();
    System.out.println("bench render frame: synthetic (" + video + " not found)");
    return img;
  }

  /**
   * Saliency as two blobs and components around them, as a real explanation has: a 224x224 map with
   * 3 components at 7x7, or ({@code fine}) a 128x128 one with 5 at 16x16. Explanations of different
   * sequences differ in one saliency cell, so each is prepared anew.
   */
  private static Explanation realistic(List<Float> crop, boolean fine, long seq) {
    Explanation e = Explanations.of("cam", seq, crop, 120, 100, List.of());
    int s = fine ? 128 : 224;
    double k = s / 224.0;
    SaliencyMap sal =
        sum(
            Explanations.blob(s, s, 120 * k, 100 * k, 30 * k),
            Explanations.blob(s, s, 60 * k, 160 * k, 18 * k));
    sal.getData().put(0, (byte) seq);
    e.setSaliency(sal);
    if (fine) {
      e.setComponents(
          List.of(
              Explanations.component(1, 0.5f, Explanations.blob(16, 16, 8, 7, 2.5)),
              Explanations.component(2, 0.25f, Explanations.blob(16, 16, 4, 11, 2)),
              Explanations.component(3, 0.12f, Explanations.blob(16, 16, 12, 3, 3)),
              Explanations.component(4, 0.08f, Explanations.blob(16, 16, 2, 2, 2)),
              Explanations.component(5, 0.05f, Explanations.blob(16, 16, 13, 13, 2))));
    } else {
      e.setComponents(
          List.of(
              Explanations.component(1, 0.6f, Explanations.blob(7, 7, 3.5, 3, 1.2)),
              Explanations.component(2, 0.3f, Explanations.blob(7, 7, 1.5, 5, 0.9)),
              Explanations.component(3, 0.1f, Explanations.blob(7, 7, 5, 1.5, 1.5))));
    }
    return e;
  }

  private static SaliencyMap sum(SaliencyMap a, SaliencyMap b) {
    byte[] d = new byte[a.getWidth() * a.getHeight()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (byte) Math.min(255, (a.getData().get(i) & 255) + (b.getData().get(i) & 255) / 2);
    }
    return map(a.getWidth(), a.getHeight(), d);
  }

  /** Random maps (noise, sizes, crop) to catch any pixel the two renderers draw differently. */
  private static Explanation random(Random rnd) {
    int x = rnd.nextInt(200);
    int y = rnd.nextInt(120);
    List<Float> crop =
        rnd.nextBoolean()
            ? List.of()
            : List.of(
                (float) x,
                (float) y,
                100f + rnd.nextInt(640 - 100 - x),
                100f + rnd.nextInt(480 - 100 - y));
    Explanation e = Explanations.of("cam", 5, crop, 112, 112, List.of());
    e.setSaliency(noise(rnd, 224, 224));
    List<Component> comps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int side = 3 + rnd.nextInt(12);
      comps.add(Explanations.component(i, rnd.nextFloat(), noise(rnd, side, side)));
    }
    e.setComponents(comps);
    return e;
  }

  private static SaliencyMap noise(Random rnd, int w, int h) {
    byte[] d = new byte[w * h];
    rnd.nextBytes(d);
    return map(w, h, d);
  }

  private static SaliencyMap map(int w, int h, byte[] d) {
    return SaliencyMap.newBuilder()
        .setWidth(w)
        .setHeight(h)
        .setEncoding("u8")
        .setData(ByteBuffer.wrap(d))
        .build();
  }
}
