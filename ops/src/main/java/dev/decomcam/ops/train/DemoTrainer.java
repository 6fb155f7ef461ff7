package dev.decomcam.ops.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.decomcam.ops.demo.ShapeClass;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains {@link DemoNet} on an {@link EncodedSet} with DJL's PyTorch engine on the CPU: Adam with a
 * cosine learning-rate schedule, softmax cross-entropy, a fixed batch order per epoch drawn from
 * the seed.
 *
 * <p>Determinism: the engine's random seed fixes the weight initialisation and the batch order
 * comes from {@link Random}; libtorch's CPU kernels then give the same weights for the same seed
 * and native thread count (one thread is the safe choice; tests use one).
 */
public final class DemoTrainer {

  /**
   * Training settings.
   *
   * @param epochs passes over the training set
   * @param batchSize samples per step
   * @param learningRate peak Adam learning rate, decayed to 1% by a cosine schedule
   */
  public record Options(int epochs, int batchSize, float learningRate) {

    /** The settings the committed demo model was trained with. */
    public static Options defaults() {
      return new Options(12, 32, 3e-3f);
    }
  }

  private DemoTrainer() {}

  /**
   * Trains a new network; the caller closes the result.
   *
   * @param log receives one line per epoch
   */
  public static TrainedNet train(EncodedSet train, long seed, Options opt, Consumer<String> log) {
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) seed);
    Model model = Model.newInstance("demo-shapes", Device.cpu(), "PyTorch");
    boolean ok = false;
    try {
      model.setBlock(DemoNet.build(ShapeClass.values().length));
      int stepsPerEpoch = train.size() / opt.batchSize();
      int totalSteps = stepsPerEpoch * opt.epochs();
      Tracker lr =
          Tracker.cosine()
              .setBaseValue(opt.learningRate())
              .optFinalValue(opt.learningRate() / 100)
              .setMaxUpdates(totalSteps)
              .build();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build())
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(opt.batchSize(), 3, DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE));
        Random order = new Random(seed);
        int[] idx = java.util.stream.IntStream.range(0, train.size()).toArray();
        for (int epoch = 0; epoch < opt.epochs(); epoch++) {
          shuffle(idx, order);
          double lossSum = 0;
          int correct = 0;
          long t0 = System.nanoTime();
          for (int s = 0; s < stepsPerEpoch; s++) {
            int from = s * opt.batchSize();
            try (NDManager m = trainer.getManager().newSubManager()) {
              NDArray x =
                  m.create(
                      train.batch(idx, from, opt.batchSize()),
                      new Shape(opt.batchSize(), 3, DemoNet.INPUT_SIZE, DemoNet.INPUT_SIZE));
              int[] y = new int[opt.batchSize()];
              for (int k = 0; k < y.length; k++) {
                y[k] = train.labels()[idx[from + k]];
              }
              NDArray labels = m.create(y);
              try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                gc.backward(loss);
                lossSum += loss.getFloat();
                correct +=
                    (int)
                        logits
                            .argMax(1)
                            .toType(ai.djl.ndarray.types.DataType.INT32, false)
                            .eq(labels)
                            .sum()
                            .getLong();
              }
              trainer.step();
            }
          }
          log.accept(
              String.format(
                  java.util.Locale.ROOT,
                  "epoch %d/%d: loss %.4f, train accuracy %.4f, %.1f s",
                  epoch + 1,
                  opt.epochs(),
                  lossSum / stepsPerEpoch,
                  (double) correct / (stepsPerEpoch * opt.batchSize()),
                  (System.nanoTime() - t0) / 1e9));
        }
      }
      ok = true;
      return new TrainedNet(model);
    } finally {
      if (!ok) {
        model.close();
      }
    }
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
