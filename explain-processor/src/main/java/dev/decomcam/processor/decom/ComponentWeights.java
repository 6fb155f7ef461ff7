package dev.decomcam.processor.decom;

/**
 * Decom-CAM's component weighting: w_i = max(s_i, 0) / max_j max(s_j, 0), then weights below the
 * threshold set to 0. Only components whose masked input keeps evidence for the target contribute,
 * in proportion to the best one; if no score is positive (or a score is NaN) those weights are 0.
 */
public final class ComponentWeights {

  private ComponentWeights() {}

  /** Max-normalised, thresholded weights for {@code scores}; {@code scores} is not modified. */
  public static double[] maxNormalised(double[] scores, double threshold) {
    double max = 0;
    for (double s : scores) {
      if (s > max) {
        max = s;
      }
    }
    double[] w = new double[scores.length];
    if (!(max > 0) || Double.isInfinite(max)) {
      return w;
    }
    for (int i = 0; i < w.length; i++) {
      double wi = scores[i] > 0 ? scores[i] / max : 0;
      w[i] = wi < threshold ? 0 : wi;
    }
    return w;
  }
}
