package dev.decomcam.processor.engine;

import dev.decomcam.processor.decom.FeatureMaps;
import java.util.Map;

/**
 * Output of one forward (and gradient) pass: logits over all classes, the target class whose logit
 * was differentiated, activations with their gradient, and stage timings in ms ({@code forward},
 * {@code gradient}).
 */
public record ForwardResult(
    float[] logits, int target, FeatureMaps features, Map<String, Double> timingsMs) {

  /** Index of the largest logit. */
  public int top1() {
    return argmax(logits);
  }

  /** Index of the largest value (the first on ties). */
  public static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** How many classes score above class {@code c} (0 = top-1). */
  public static int rank(float[] logits, int c) {
    int above = 0;
    for (float l : logits) {
      above += l > logits[c] ? 1 : 0;
    }
    return above;
  }

  /** Softmax probability of class {@code k}, computed stably. */
  public float probability(int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return (float) (Math.exp(logits[k] - max) / sum);
  }
}
