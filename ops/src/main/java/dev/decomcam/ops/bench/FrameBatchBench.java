package dev.decomcam.ops.bench;

import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Frames of several cameras in one batched forward against the same frames one by one, on the same
 * inputs, interleaved over rounds so machine noise hits both alike: what the processor's {@code
 * batch.frames} gains (or loses) with this model, engine and thread count.
 */
final class FrameBatchBench {

  /**
   * Per-frame ms batched and one by one, their ratio (one-by-one / batched; above 1 batching pays),
   * the batch size, and whether the model's load-time calibration turned batching on ({@code
   * batch.frames=auto}).
   */
  record Result(int frames, double batchedMs, double singleMs, boolean auto) {
    double speedup() {
      return singleMs / batchedMs;
    }
  }

  private FrameBatchBench() {}

  static Result run(ExplainableModel model, List<ModelInput> inputs, int rounds) {
    List<ToIntFunction<float[]>> top1 =
        new ArrayList<>(Collections.nCopies(inputs.size(), ForwardResult::argmax));
    model.forward(inputs, top1); // warm-up
    for (ModelInput in : inputs) {
      model.forward(in, -1);
    }
    long batched = 0;
    long single = 0;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      model.forward(inputs, top1);
      long t1 = System.nanoTime();
      for (ModelInput in : inputs) {
        model.forward(in, -1);
      }
      long t2 = System.nanoTime();
      batched += t1 - t0;
      single += t2 - t1;
    }
    double per = 1e6 * rounds * inputs.size();
    return new Result(inputs.size(), batched / per, single / per, model.batchesFrames());
  }
}
