package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.decomcam.processor.decom.ModelInput;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;

/**
 * Turns model inputs into the engine's batch tensor (the input half of a DJL translator), after
 * checking they are 3-channel images of one size.
 */
final class InputBatcher {

  private InputBatcher() {}

  /**
   * One {@code [n,3,H,W]} array in {@code scope} holding {@code inputs} in order. The values are
   * written once, into native memory of the manager's byte order, which the engines take as it is
   * (from a heap buffer they would make that copy themselves).
   */
  static NDArray batch(NDManager scope, List<ModelInput> inputs) {
    ModelInput first = inputs.get(0);
    int per = first.data().length;
    for (ModelInput in : inputs) {
      if (in.data().length != per) {
        throw new IllegalArgumentException(
            "masked inputs differ in size: " + in.data().length + " vs " + per);
      }
    }
    ByteBuffer bytes = scope.allocateDirect(Math.multiplyExact(per * Float.BYTES, inputs.size()));
    FloatBuffer fb = bytes.asFloatBuffer();
    for (ModelInput in : inputs) {
      fb.put(in.data());
    }
    return scope.create(
        bytes,
        new Shape(inputs.size(), first.channels(), first.height(), first.width()),
        DataType.FLOAT32);
  }

  /** Fails unless {@code input} has 3 channels (the models take RGB). */
  static void checkInput(ModelInput input, String modelId) {
    if (input.channels() != 3) {
      throw new IllegalArgumentException(
          "model " + modelId + " takes 3 channels, got " + input.channels());
    }
  }

  /** A Gaussian-noise input of the spec's size, for the load-time check and calibration. */
  static ModelInput randomInput(ModelSpec spec, Random rnd) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    float[] data = new float[3 * h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rnd.nextGaussian();
    }
    return new ModelInput(3, h, w, data);
  }
}
