package dev.decomcam.processor.engine;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: per 640×480 frame record, the processor's decode (Avro, then JPEG
 * through {@link JpegCodec}, as {@code FrameImages} does) and its preprocessing, the current {@link
 * FrameTranslator} against the former one ({@link BaselineFrameTranslator}), called in turn in the
 * same run so the ratio holds on a noisy shared machine; also the first frames' times (before the
 * JIT has compiled the code, as in a short demo run) and the largest difference of their inputs.
 * Models: the demo's (128×128 stretch) and MobileNetV2 (224×224 centre crop). Frames: the JPEGs in
 * the folder {@code -Ddecomcam.bench.frames} when given (e.g. frames of a video), else the shared
 * photos scaled to 640×480 and encoded at quality 0.85 as ingest does. Runs only with {@code
 * -Ddecomcam.bench=true -Dtest=FramePrepBench}; prints, asserts nothing about time.
 */
class FramePrepBench {

  @Test
  void decodeAndPreprocess() throws IOException {
    Assumptions.assumeTrue(
        Boolean.getBoolean("decomcam.bench"), "set -Ddecomcam.bench=true to run");
    int reps = Integer.getInteger("decomcam.bench.reps", 600);
    List<byte[]> records = new ArrayList<>();
    for (byte[] jpeg : jpegs()) {
      records.add(
          Topics.FRAME_SERDE.encode(
              Frame.newBuilder()
                  .setCameraId("bench")
                  .setSequence(records.size())
                  .setCaptureTimestampMs(0)
                  .setPtsMicros(0)
                  .setWidth(640)
                  .setHeight(480)
                  .setImage(ByteBuffer.wrap(jpeg))
                  .setSource("bench")
                  .build()));
    }
    Assumptions.assumeFalse(records.isEmpty(), "no frames: give -Ddecomcam.bench.frames=<dir>");
    List<Path> specs =
        Stream.of(SharedData.root().resolve("models/demo-shapes/spec.json"), SharedData.spec())
            .filter(Files::isRegularFile)
            .toList();
    for (Path specFile : specs) {
      ModelSpec spec = ModelSpec.load(specFile);
      FrameTranslator now = new FrameTranslator(spec);
      BaselineFrameTranslator before = new BaselineFrameTranslator(spec);
      String model =
          spec.id()
              + " ("
              + spec.inputWidth()
              + "x"
              + spec.inputHeight()
              + " "
              + spec.resize()
              + ")";
      // the first frames, before the JIT has compiled either: what a short demo run also pays
      double[] cold = new double[2];
      int coldFrames = 40;
      double maxDiff = 0;
      for (int i = 0; i < coldFrames; i++) {
        BufferedImage img = decode(records.get(i % records.size()));
        long t0 = System.nanoTime();
        float[] a = before.prepare(img).input().data();
        long t1 = System.nanoTime();
        float[] b = now.prepare(img).input().data();
        long t2 = System.nanoTime();
        cold[0] += (t1 - t0) / 1e6 / coldFrames;
        cold[1] += (t2 - t1) / 1e6 / coldFrames;
        maxDiff = Math.max(maxDiff, maxAbsDiff(a, b));
      }
      BufferedImage first = decode(records.get(0));
      System.out.printf(
          "bench %s, %d frames of %dx%d: max |new - old| input value %.3g; first %d frames"
              + " (cold JIT) preprocess old %.3f ms, new %.3f ms (%.1fx)%n",
          model,
          records.size(),
          first.getWidth(),
          first.getHeight(),
          maxDiff,
          coldFrames,
          cold[0],
          cold[1],
          cold[0] / cold[1]);
      for (int round = 0; round < 3; round++) {
        long[] ns = new long[6];
        for (int i = -reps / 3; i < reps; i++) {
          byte[] r = records.get(Math.floorMod(i, records.size()));
          long t0 = System.nanoTime();
          Frame f = Topics.FRAME_SERDE.decode(r);
          long t1 = System.nanoTime();
          BufferedImage img = jpeg(f);
          long t2 = System.nanoTime();
          before.prepare(img);
          long t3 = System.nanoTime();
          now.prepare(img);
          long t4 = System.nanoTime();
          JpegCodec.Reduced small =
              JpegCodec.decodeReduced(bytes(f), PixelLimit.DEFAULT, now::reduction);
          long t5 = System.nanoTime();
          now.prepare(small.image());
          long t6 = System.nanoTime();
          if (i >= 0) {
            ns[0] += t1 - t0;
            ns[1] += t2 - t1;
            ns[2] += t3 - t2;
            ns[3] += t4 - t3;
            ns[4] += t5 - t4;
            ns[5] += t6 - t5;
          }
        }
        double avro = ns[0] / 1e6 / reps;
        double jpeg = ns[1] / 1e6 / reps;
        double old = ns[2] / 1e6 / reps;
        double neu = ns[3] / 1e6 / reps;
        double small = ns[4] / 1e6 / reps;
        double smallPrep = ns[5] / 1e6 / reps;
        System.out.printf(
            "bench %s round %d, reduced decode (1/%d): JPEG %.3f, preprocess %.3f; decode +"
                + " preprocess %.3f against %.3f whole (%.1fx)%n",
            model,
            round,
            now.reduction(first.getWidth(), first.getHeight()),
            small,
            smallPrep,
            avro + small + smallPrep,
            avro + jpeg + neu,
            (avro + jpeg + neu) / (avro + small + smallPrep));
        System.out.printf(
            "bench %s round %d, ms per frame: decode %.3f (Avro %.3f + JPEG %.3f); preprocess old"
                + " %.3f, new %.3f (%.1fx); decode + preprocess old %.3f, new %.3f%n",
            model,
            round,
            avro + jpeg,
            avro,
            jpeg,
            old,
            neu,
            old / neu,
            avro + jpeg + old,
            avro + jpeg + neu);
      }
    }
  }

  private static BufferedImage decode(byte[] record) {
    return jpeg(Topics.FRAME_SERDE.decode(record));
  }

  /** The record's image as {@code FrameImages.decode} gets it. */
  private static BufferedImage jpeg(Frame f) {
    return JpegCodec.decode(bytes(f));
  }

  private static byte[] bytes(Frame f) {
    byte[] bytes = new byte[f.getImage().remaining()];
    f.getImage().duplicate().get(bytes);
    return bytes;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double m = a.length == b.length ? 0 : Double.POSITIVE_INFINITY;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static List<byte[]> jpegs() throws IOException {
    String dir = System.getProperty("decomcam.bench.frames");
    Path folder = dir != null ? Path.of(dir) : SharedData.shared().resolve("media/photos");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> jpgs =
          files.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted().toList();
      List<byte[]> out = new ArrayList<>();
      JpegCodec codec = new JpegCodec(0.85);
      for (Path p : jpgs) {
        byte[] bytes = read(p);
        out.add(dir != null ? bytes : codec.encode(frame640(JpegCodec.decode(bytes))).bytes());
      }
      return out;
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage frame640(BufferedImage src) {
    BufferedImage dst = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, 640, 480, null);
    g.dispose();
    return dst;
  }
}
