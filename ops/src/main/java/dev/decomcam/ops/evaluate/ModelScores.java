package dev.decomcam.ops.evaluate;

import dev.decomcam.processor.decom.ModelInput;
import dev.decomcam.processor.engine.ExplainableModel;
import dev.decomcam.processor.engine.ForwardResult;
import dev.decomcam.processor.evaluate.ClassScores;
import java.util.List;

/**
 * {@link ClassScores} on a loaded model: batched logits, then the target's softmax probability (or,
 * with {@code logit}, its logit).
 */
final class ModelScores implements ClassScores {
  private final ExplainableModel model;
  private final boolean logit;

  ModelScores(ExplainableModel model, boolean logit) {
    this.model = model;
    this.logit = logit;
  }

  @Override
  public float[] score(List<ModelInput> inputs, int target) {
    float[][] logits = model.logits(inputs);
    float[] out = new float[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          logit
              ? logits[i][target]
              : new ForwardResult(logits[i], target, null, java.util.Map.of()).probability(target);
    }
    return out;
  }
}
