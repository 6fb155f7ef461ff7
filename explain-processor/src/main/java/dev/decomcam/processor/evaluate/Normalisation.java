package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.ModelInput;

/** Checks that a model's per-channel mean and std fit an input. */
final class Normalisation {
  private Normalisation() {}

  static void check(ModelInput input, float[] mean, float[] std) {
    if (mean.length != input.channels() || std.length != input.channels()) {
      throw new IllegalArgumentException(
          "normalisation has "
              + mean.length
              + " means and "
              + std.length
              + " stds for "
              + input.channels()
              + " channels: give one of each per channel");
    }
  }
}
