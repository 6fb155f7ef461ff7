package dev.decomcam.processor.decom;

import java.util.ArrayList;
import java.util.List;

/**
 * Decom-CAM's integration step, shared by the per-frame and the streaming method so their maps are
 * computed the same way: U_i = bicubic(max(OSSM_i, 0)), masked inputs m_i·x + (1 − m_i)·blur(x)
 * with m_i = min-max(U_i) scored in one scorer call (plus the blurred input in GAIN mode), and the
 * unnormalised combination Σ w_i·U_i.
 */
final class OssmMaps {

  private OssmMaps() {}

  /** U_i at outH×outW from an OSSM at fh×fw. */
  static float[] upsampledClamped(float[] map, int fh, int fw, int outH, int outW) {
    float[] clamped = new float[map.length];
    for (int p = 0; p < map.length; p++) {
      clamped[p] = map[p] > 0 ? map[p] : 0f;
    }
    return Bicubic.resize(clamped, fh, fw, outH, outW);
  }

  /**
   * Scores the inputs masked by min-max of each of {@code upsampled}, in one scorer call; in GAIN
   * mode the blurred input is scored in the same batch and subtracted.
   */
  static double[] score(
      ModelInput input,
      ModelInput blurred,
      List<float[]> upsampled,
      MaskedScorer scorer,
      boolean gain) {
    List<float[]> masks = new ArrayList<>(upsampled.size());
    for (float[] u : upsampled) {
      masks.add(MinMax.normalized(u));
    }
    List<ModelInput> batch = Perturbation.blend(input, blurred, masks);
    if (gain) {
      batch.add(blurred);
    }
    return scoreBatch(batch, scorer, masks.size(), gain);
  }

  static double[] scoreBatch(List<ModelInput> batch, MaskedScorer scorer, int n, boolean gain) {
    float[] raw = scorer.score(List.copyOf(batch));
    if (raw == null || raw.length != batch.size()) {
      throw new IllegalStateException(
          "decomcam: scorer returned "
              + (raw == null ? "null" : raw.length + " scores")
              + " for "
              + batch.size()
              + " masked inputs: it must return one target score per input, in order");
    }
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = gain ? (double) raw[i] - raw[n] : raw[i];
    }
    return scores;
  }

  /**
   * Σ w_i·U_i over the components with a non-zero weight (unnormalised, may be negative nowhere).
   */
  static float[] combine(float[][] upsampled, double[] weights, int size) {
    float[] sum = new float[size];
    for (int i = 0; i < upsampled.length; i++) {
      float wi = (float) weights[i];
      if (wi != 0f) {
        float[] u = upsampled[i];
        for (int p = 0; p < size; p++) {
          sum[p] += wi * u[p];
        }
      }
    }
    return sum;
  }

  /**
   * The same Σ w_i·U_i as {@link #combine}, computed as bicubic(Σ w_i·max(OSSM_i, 0)): bicubic
   * resampling is linear, so summing at feature resolution and upsampling once gives the same map
   * (to float rounding) for one upsample instead of one per component. The streaming method uses it
   * since it upsamples only the masks it scores.
   */
  static float[] combineThenUpsample(
      float[][] maps, double[] weights, int fh, int fw, int outH, int outW) {
    float[] small = new float[fh * fw];
    for (int i = 0; i < maps.length; i++) {
      float wi = (float) weights[i];
      if (wi != 0f) {
        float[] m = maps[i];
        for (int p = 0; p < small.length; p++) {
          small[p] += m[p] > 0 ? wi * m[p] : 0f;
        }
      }
    }
    return Bicubic.resize(small, fh, fw, outH, outW);
  }

  /** OSSM i of {@code d} as floats (u_i·s_i, one value per position). */
  static float[] map(Decomposition d, int i) {
    double[] proj = d.projection(i);
    float[] map = new float[proj.length];
    for (int p = 0; p < proj.length; p++) {
      map[p] = (float) proj[p];
    }
    return map;
  }
}
