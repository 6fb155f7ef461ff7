package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDManager;
import dev.decomcam.processor.decom.ModelInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Whether batched engine calls pay on this machine, measured once at load: on a CPU a batched
 * forward can cost more than the same inputs one by one (it depends on the network and the native
 * library), so batching is used only where it was measured faster. Times 4 inputs batched against 4
 * single forwards over 5 rounds after a warm-up, taking each side's fastest round (the least
 * disturbed by other processes).
 *
 * @param batchedNanos fastest time of the 4 inputs in one call
 * @param singleNanos fastest time of the 4 inputs one by one
 */
record BatchCalibration(long batchedNanos, long singleNanos) {

  /** Largest batch sent to the engine at once. */
  static final int MAX_BATCH = 16;

  /** Batching frames must beat one-by-one forwards by this much to be worth their wait. */
  static final double FRAME_BATCH_GAIN = 1.15;

  BatchCalibration {
    if (batchedNanos < 0 || singleNanos < 0) {
      throw new IllegalArgumentException(
          "batch calibration times must be >= 0, got "
              + batchedNanos
              + " and "
              + singleNanos
              + " ns");
    }
  }

  /** Largest batch the scorer sends at once: {@link #MAX_BATCH} if batches won at all, else 1. */
  int maxBatch() {
    return batchedNanos < singleNanos ? MAX_BATCH : 1;
  }

  /** One-by-one time over batched time. */
  double speedup() {
    return (double) singleNanos / Math.max(1, batchedNanos);
  }

  /**
   * Whether gathering frames for one engine call pays: batches won by {@link #FRAME_BATCH_GAIN}.
   */
  boolean framesPay() {
    return speedup() >= FRAME_BATCH_GAIN;
  }

  /** Measures {@code network} on random inputs of the spec's size. */
  static BatchCalibration measure(EngineNetwork network, ModelSpec spec) {
    List<ModelInput> four = new ArrayList<>();
    Random rnd = new Random(11);
    for (int k = 0; k < 4; k++) {
      four.add(InputBatcher.randomInput(spec, rnd));
    }
    long batched = Long.MAX_VALUE;
    long single = Long.MAX_VALUE;
    for (int rep = 0; rep < 6; rep++) {
      long t0 = System.nanoTime();
      runOnce(network, four);
      long t1 = System.nanoTime();
      for (ModelInput in : four) {
        runOnce(network, List.of(in));
      }
      long t2 = System.nanoTime();
      if (rep > 0) { // the first round warms the engine up
        batched = Math.min(batched, t1 - t0);
        single = Math.min(single, t2 - t1);
      }
    }
    return new BatchCalibration(batched, single);
  }

  private static void runOnce(EngineNetwork network, List<ModelInput> inputs) {
    try (NDManager scope = network.manager().newSubManager()) {
      network.infer(InputBatcher.batch(scope, inputs)).logits().toFloatArray();
    }
  }
}
