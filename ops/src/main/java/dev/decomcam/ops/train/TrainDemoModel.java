package dev.decomcam.ops.train;

import dev.decomcam.ops.demo.ShapeDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Regenerates the bundled demo model from nothing but a seed: draws the synthetic shapes data set,
 * trains {@link DemoNet} with DJL on the CPU, exports TorchScript + ONNX + spec into a directory,
 * loads the exported files back with both engines and reports their held-out accuracy.
 *
 * <p>Run: {@code ./decomcam train-demo-model} or {@code java -Dai.djl.pytorch.num_threads=1
 * dev.decomcam.ops.train.TrainDemoModel [outDir] [--seed N] [--train N] [--held-out N] [--epochs
 * N]}. The committed {@code models/demo-shapes} was made with the defaults and one native thread;
 * the same settings give the same files.
 */
public final class TrainDemoModel {

  /** Seed of the committed model. */
  public static final long DEFAULT_SEED = 42;

  /** Bar the exported model must reach on the held-out split. */
  public static final double REQUIRED_ACCURACY = 0.95;

  /**
   * What to train on and how.
   *
   * @param trainSamples size of the training split
   * @param heldOutSamples size of the held-out split
   * @param training optimiser settings
   */
  public record Settings(int trainSamples, int heldOutSamples, DemoTrainer.Options training) {

    /** The settings of the committed model. */
    public static Settings defaults() {
      return new Settings(9000, 1200, DemoTrainer.Options.defaults());
    }
  }

  /**
   * Held-out accuracies and timing of one run.
   *
   * @param trained accuracy of the DJL block
   * @param torchScript accuracy of backbone.pt + head.pt on the PyTorch engine
   * @param onnx accuracy of model.onnx on OnnxRuntime
   * @param trainSeconds time spent in training steps
   */
  public record Report(double trained, double torchScript, double onnx, double trainSeconds) {

    /** Whether both exported formats reach {@link #REQUIRED_ACCURACY}. */
    public boolean meetsBar() {
      return torchScript >= REQUIRED_ACCURACY && onnx >= REQUIRED_ACCURACY;
    }
  }

  private TrainDemoModel() {}

  /** Trains with the default settings. */
  public static Report run(Path outDir, long seed) throws IOException {
    return run(outDir, seed, Settings.defaults(), System.out::println);
  }

  /** Trains, exports into {@code outDir} and checks the exported files. */
  public static Report run(Path outDir, long seed, Settings settings, Consumer<String> log)
      throws IOException {
    long t0 = System.nanoTime();
    EncodedSet train = EncodedSet.draw(seed, ShapeDataset.Split.TRAIN, settings.trainSamples(), 3);
    EncodedSet heldOut =
        EncodedSet.draw(seed, ShapeDataset.Split.HELD_OUT, settings.heldOutSamples(), 0);
    log.accept(
        String.format(
            Locale.ROOT,
            "data: %d training + %d held-out scenes drawn in %.1f s",
            train.size(),
            heldOut.size(),
            seconds(t0)));
    long t1 = System.nanoTime();
    double trained;
    try (TrainedNet net = DemoTrainer.train(train, seed, settings.training(), log)) {
      double trainSeconds = seconds(t1);
      trained = net.accuracy(heldOut);
      log.accept(
          String.format(
              Locale.ROOT,
              "trained in %.1f s; held-out accuracy (DJL block) %.4f",
              trainSeconds,
              trained));
      ModelExporter.export(net, outDir);
      double ts;
      double onnx;
      try (ExportedModel m = ExportedModel.load(outDir, ExportedModel.Format.TORCHSCRIPT)) {
        ts = m.accuracy(heldOut);
      }
      try (ExportedModel m = ExportedModel.load(outDir, ExportedModel.Format.ONNX)) {
        onnx = m.accuracy(heldOut);
      }
      log.accept(
          String.format(
              Locale.ROOT,
              "exported to %s; held-out accuracy TorchScript %.4f, ONNX %.4f",
              outDir,
              ts,
              onnx));
      return new Report(trained, ts, onnx, trainSeconds);
    }
  }

  /** Command line: {@code [outDir] [--seed N] [--train N] [--held-out N] [--epochs N]}. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of("models", "demo-shapes");
    long seed = DEFAULT_SEED;
    Settings s = Settings.defaults();
    int train = s.trainSamples();
    int heldOut = s.heldOutSamples();
    DemoTrainer.Options opt = s.training();
    int epochs = opt.epochs();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "train-demo-model: option " + a + " needs a value, e.g. " + a + " 42");
        }
        String v = args[++i];
        switch (a) {
          case "--seed" -> seed = Long.parseLong(v);
          case "--train" -> train = Integer.parseInt(v);
          case "--held-out" -> heldOut = Integer.parseInt(v);
          case "--epochs" -> epochs = Integer.parseInt(v);
          default ->
              throw new IllegalArgumentException(
                  "train-demo-model: unknown option "
                      + a
                      + ": use --seed, --train, --held-out or --epochs");
        }
      } else {
        out = Path.of(a);
      }
    }
    Settings settings =
        new Settings(
            train, heldOut, new DemoTrainer.Options(epochs, opt.batchSize(), opt.learningRate()));
    Report r = run(out, seed, settings, System.out::println);
    if (!r.meetsBar()) {
      System.err.printf(
          Locale.ROOT,
          "train-demo-model: held-out accuracy below %.2f: train longer (--epochs) "
              + "or on more scenes (--train)%n",
          REQUIRED_ACCURACY);
      System.exit(1);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
