package dev.decomcam.processor.engine;

import ai.djl.ndarray.NDManager;
import dev.decomcam.processor.decom.MaskedScorer;
import dev.decomcam.processor.decom.ModelInput;
import java.util.List;

/**
 * Scores masked inputs by one target logit, in engine calls of at most {@code maxBatch} inputs (the
 * batch size the load-time {@link BatchCalibration} found worth it).
 */
final class BatchedScorer implements MaskedScorer {

  private final EngineNetwork network;
  private final VerifiedModel model;
  private final int target;
  private final int maxBatch;

  BatchedScorer(EngineNetwork network, VerifiedModel model, int target, int maxBatch) {
    this.network = network;
    this.model = model;
    this.target = model.checkTarget(target);
    this.maxBatch = maxBatch;
  }

  @Override
  public float[] score(List<ModelInput> inputs) {
    if (inputs.isEmpty()) {
      return new float[0];
    }
    inputs.forEach(in -> InputBatcher.checkInput(in, model.id()));
    int classes = model.classes();
    float[] scores = new float[inputs.size()];
    for (int from = 0; from < scores.length; from += maxBatch) {
      List<ModelInput> chunk = inputs.subList(from, Math.min(scores.length, from + maxBatch));
      try (NDManager scope = network.manager().newSubManager()) {
        float[] logits = network.infer(InputBatcher.batch(scope, chunk)).logits().toFloatArray();
        for (int i = 0; i < chunk.size(); i++) {
          scores[from + i] = logits[i * classes + target];
        }
      }
    }
    return scores;
  }
}
