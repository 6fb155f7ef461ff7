package dev.decomcam.processor.decom;

import java.util.List;

/**
 * Scores masked copies of the input: returns the target class's logit for each, in order.
 * Implemented by the engine (one batched forward where it can); the algorithm never sees a model.
 */
@FunctionalInterface
public interface MaskedScorer {
  float[] score(List<ModelInput> maskedInputs);
}
