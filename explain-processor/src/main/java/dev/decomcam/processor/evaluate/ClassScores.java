package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.ModelInput;
import java.util.List;

/**
 * The model as the metrics see it: the score of one class for each of a batch of inputs (the
 * softmax probability, or the logit where asked), in input order. The engine implements it with
 * batched forwards; tests implement it with a formula.
 */
@FunctionalInterface
public interface ClassScores {
  float[] score(List<ModelInput> inputs, int target);

  /** The score of one input. */
  default float score(ModelInput input, int target) {
    return score(List.of(input), target)[0];
  }
}
