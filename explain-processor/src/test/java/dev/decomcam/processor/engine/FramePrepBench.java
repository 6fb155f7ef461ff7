package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.Topics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Microbenchmark, not a test: per 640×480 frame record, the processor's decode (Avro, then JPEG
 * through {@link JpegCodec}, whole and at the model's reduction as {@code FrameImages} does) and
 * its preprocessing, the current {@link FrameTranslator} against the former one ({@link
 * BaselineOnePassTranslator}), called in turn in the same run so the ratio holds on a noisy shared
 * machine; preprocessing is timed on the image the pipeline gets (decoded at the model's
 * reduction), on the whole frame and on the frame decoded at 1/2 (an upscale for an ImageNet crop);
 * then the input tensor made from the prepared input ({@link InputBatcher#batch}) against the
 * former heap copy. Also the first frames' times (before the JIT has compiled the code, as in a
 * short demo run) and the largest difference of their inputs. Steady-state times are medians per
 * frame, steadier than means when other builds share the machine. Models: the demo's (128×128
 * stretch) and MobileNetV2 (224×224 centre crop). Frames: the JPEGs in the folder {@code
 * -Ddecomcam.bench.frames} when given (e.g. frames of a video), else the shared photos scaled to
 * 640×480 and encoded at quality 0.85 as ingest does. Runs only with {@code -Ddecomcam.bench=true
 * -Dtest=FramePrepBench}; prints, asserts nothing about time.
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
      BaselineOnePassTranslator before = new BaselineOnePassTranslator(spec);
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
        BufferedImage img = reduced(records.get(i % records.size()), now::reduction).image();
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
      int reduction = now.reduction(first.getWidth(), first.getHeight());
      System.out.printf(
          "bench %s, %d frames of %dx%d, decoded at 1/%d: max |new - old| input value %.3g; first"
              + " %d frames (cold JIT) preprocess old %.3f ms, new %.3f ms (%.2fx)%n",
          model,
          records.size(),
          first.getWidth(),
          first.getHeight(),
          reduction,
          maxDiff,
          coldFrames,
          cold[0],
          cold[1],
          cold[0] / cold[1]);
      for (int round = 0; round < 3; round++) {
        // decode: Avro, JPEG whole, JPEG at the model's reduction, JPEG at 1/2; preprocess old and
        // new of the pipeline's image, the whole frame, the frame at 1/2
        long[][] ns = new long[10][reps];
        for (int i = -reps / 3; i < reps; i++) {
          byte[] r = records.get(Math.floorMod(i, records.size()));
          long t0 = System.nanoTime();
          Frame f = Topics.FRAME_SERDE.decode(r);
          long t1 = System.nanoTime();
          BufferedImage whole = JpegCodec.decode(bytes(f));
          long t2 = System.nanoTime();
          BufferedImage img =
              JpegCodec.decodeReduced(bytes(f), PixelLimit.DEFAULT, now::reduction).image();
          long t3 = System.nanoTime();
          BufferedImage half =
              JpegCodec.decodeReduced(bytes(f), PixelLimit.DEFAULT, (w, h) -> 2).image();
          long t4 = System.nanoTime();
          before.prepare(img);
          long t5 = System.nanoTime();
          now.prepare(img);
          long t6 = System.nanoTime();
          before.prepare(whole);
          long t7 = System.nanoTime();
          now.prepare(whole);
          long t8 = System.nanoTime();
          before.prepare(half);
          long t9 = System.nanoTime();
          now.prepare(half);
          long t10 = System.nanoTime();
          if (i >= 0) {
            long[] t = {t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10};
            for (int k = 0; k < ns.length; k++) {
              ns[k][i] = t[k + 1] - t[k];
            }
          }
        }
        double[] ms = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
          ms[k] = medianMs(ns[k]);
        }
        System.out.printf(
            "bench %s round %d, median ms per frame: decode Avro %.3f + JPEG %.3f at 1/%d (whole"
                + " %.3f, at 1/2 %.3f); preprocess old %.3f, new %.3f (%.2fx); decode + preprocess"
                + " old %.3f, new %.3f (%.2fx)%n",
            model,
            round,
            ms[0],
            ms[2],
            reduction,
            ms[1],
            ms[3],
            ms[4],
            ms[5],
            ms[4] / ms[5],
            ms[0] + ms[2] + ms[4],
            ms[0] + ms[2] + ms[5],
            (ms[0] + ms[2] + ms[4]) / (ms[0] + ms[2] + ms[5]));
        System.out.printf(
            "bench %s round %d, preprocess of the whole frame old %.3f, new %.3f (%.2fx); of the"
                + " frame at 1/2 old %.3f, new %.3f (%.2fx)%n",
            model, round, ms[6], ms[7], ms[6] / ms[7], ms[8], ms[9], ms[8] / ms[9]);
      }
      tensors(model, now, records, reps);
    }
  }

  /**
   * The input tensor of one prepared frame, {@link InputBatcher#batch} against the former heap
   * buffer (that the engine's manager then copied into native memory), in ONNX Runtime's manager
   * (MobileNetV2's engine in the demo).
   */
  private static void tensors(
      String model, FrameTranslator translator, List<byte[]> records, int reps) {
    List<ModelInput> inputs = new ArrayList<>();
    for (int i = 0; i < Math.min(8, records.size()); i++) {
      inputs.add(translator.prepare(decode(records.get(i))).input());
    }
    try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      for (int round = 0; round < 2; round++) {
        long[][] ns = new long[2][reps];
        for (int i = -reps / 3; i < reps; i++) {
          List<ModelInput> one = List.of(inputs.get(Math.floorMod(i, inputs.size())));
          long t0 = System.nanoTime();
          try (NDManager scope = manager.newSubManager()) {
            heapBatch(scope, one);
          }
          long t1 = System.nanoTime();
          try (NDManager scope = manager.newSubManager()) {
            InputBatcher.batch(scope, one);
          }
          long t2 = System.nanoTime();
          if (i >= 0) {
            ns[0][i] = t1 - t0;
            ns[1][i] = t2 - t1;
          }
        }
        double old = medianMs(ns[0]);
        double neu = medianMs(ns[1]);
        System.out.printf(
            "bench %s round %d, input tensor (median): old %.3f ms, new %.3f ms (%.2fx)%n",
            model, round, old, neu, old / neu);
      }
    }
  }

  /** The former {@link InputBatcher#batch}: a heap buffer, which the manager copies. */
  private static NDArray heapBatch(NDManager scope, List<ModelInput> inputs) {
    ModelInput first = inputs.get(0);
    int per = first.data().length;
    FloatBuffer fb = FloatBuffer.allocate(per * inputs.size());
    for (ModelInput in : inputs) {
      fb.put(in.data());
    }
    fb.flip();
    return scope.create(
        fb, new Shape(inputs.size(), first.channels(), first.height(), first.width()));
  }

  /**
   * The median of {@code nanos} in milliseconds (sorts it): steadier than the mean on a shared
   * machine.
   */
  private static double medianMs(long[] nanos) {
    Arrays.sort(nanos);
    return nanos[nanos.length / 2] / 1e6;
  }

  private static JpegCodec.Reduced reduced(byte[] record, IntBinaryOperator reduction) {
    return JpegCodec.decodeReduced(
        bytes(Topics.FRAME_SERDE.decode(record)), PixelLimit.DEFAULT, reduction);
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
        out.add(
            dir != null
                ? bytes
                : codec.encode(TestFrames.stretched(JpegCodec.decode(bytes), 640, 480)).bytes());
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
}
