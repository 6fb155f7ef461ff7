package dev.decomcam.sink.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.decomcam.common.image.JpegCodec;
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
 * Microbenchmark, not a test: the sink's render stage on a 640x480 frame (a frame of the shared
 * {@code dog_pan.mp4}, or a synthetic one when the video is missing) with a 224x224 saliency map
 * and 3 components at 7x7, for the processor's centre crop and for the whole frame. Prints the mean
 * ms per overlay of the {@link BaselineOverlayRenderer} (the renderer before it was made cheap) and
 * of the {@link OverlayRenderer}, called in turn in the same run so load hits both alike, and of
 * the JPEG decode of the frame and encode of the overlay that complete the stage. Also checks that
 * both renderers draw the same pixels, on these and on random explanations. Runs only with {@code
 * -Ddecomcam.bench=true -Dtest=OverlayRenderBench}; asserts nothing about time.
 */
class OverlayRenderBench {

  @Test
  void baselineVersusCurrentRenderer() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int reps = Integer.getInteger("decomcam.bench.reps", 200);
    JpegCodec codec = new JpegCodec(0.85);
    byte[] jpeg = codec.encode(frame640()).bytes();
    BufferedImage frame = JpegCodec.decode(jpeg);
    BaselineOverlayRenderer old = new BaselineOverlayRenderer();
    OverlayRenderer now = new OverlayRenderer();
    List<Float> centreCrop = List.of(110f, 30f, 420f, 420f); // Resize(256) + CenterCrop(224)
    for (List<Float> crop : List.of(centreCrop, List.<Float>of())) {
      Explanation e = realistic(crop);
      assertSame(old.render(frame, e, 40), now.render(frame, e, 40), "crop " + crop);
      for (int round = 0; round < 3; round++) {
        long[] ns = new long[4];
        for (int i = -reps / 3; i < reps; i++) {
          long t0 = System.nanoTime();
          BufferedImage decoded = JpegCodec.decode(jpeg);
          long t1 = System.nanoTime();
          old.render(decoded, e, 40);
          long t2 = System.nanoTime();
          BufferedImage drawn = now.render(decoded, e, 40);
          long t3 = System.nanoTime();
          codec.encode(drawn);
          long t4 = System.nanoTime();
          if (i >= 0) {
            ns[0] += t1 - t0;
            ns[1] += t2 - t1;
            ns[2] += t3 - t2;
            ns[3] += t4 - t3;
          }
        }
        double dec = ns[0] / 1e6 / reps;
        double before = ns[1] / 1e6 / reps;
        double after = ns[2] / 1e6 / reps;
        double enc = ns[3] / 1e6 / reps;
        System.out.printf(
            "bench render 640x480 crop %s round %d: draw baseline %.2f ms, now %.2f ms (%.1fx);"
                + " JPEG decode %.2f ms, encode %.2f ms; stage (decode + draw + encode) baseline"
                + " %.2f ms, now %.2f ms%n",
            crop.isEmpty() ? "whole frame" : crop,
            round,
            before,
            after,
            before / after,
            dec,
            enc,
            dec + before + enc,
            dec + after + enc);
      }
    }
    Random rnd = new Random(7);
    for (int k = 0; k < 40; k++) {
      Explanation e = random(rnd);
      assertSame(old.render(frame, e, 1), now.render(frame, e, 1), "random explanation " + k);
    }
    System.out.println("bench render: baseline and current renderer drew the same pixels");
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

  /** A frame of the shared pan video at 640x480, or a synthetic gradient with shapes. */
  private static BufferedImage frame640() throws Exception {
    Path video =
        Path.of(
            System.getProperty("decomcam.root", ".."),
            "..",
            "shared",
            "media",
            "video",
            "dog_pan.mp4");
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

  /** Saliency as two blobs, three components at 7x7 around them, as a real explanation has. */
  private static Explanation realistic(List<Float> crop) {
    Explanation e = Explanations.of("cam", 3, crop, 120, 100, List.of());
    e.setSaliency(
        sum(Explanations.blob(224, 224, 120, 100, 30), Explanations.blob(224, 224, 60, 160, 18)));
    e.setComponents(
        List.of(
            Explanations.component(1, 0.6f, Explanations.blob(7, 7, 3.5, 3, 1.2)),
            Explanations.component(2, 0.3f, Explanations.blob(7, 7, 1.5, 5, 0.9)),
            Explanations.component(3, 0.1f, Explanations.blob(7, 7, 5, 1.5, 1.5))));
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
