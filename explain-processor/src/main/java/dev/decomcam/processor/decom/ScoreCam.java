package dev.decomcam.processor.decom;

import java.util.ArrayList;
import java.util.List;

/**
 * Score-CAM: weights each channel of the explained layer by how much of the target's score the
 * input keeps when masked by that channel, with no gradient. As pytorch-grad-cam's {@code
 * ScoreCAM}:
 *
 * <ol>
 *   <li>per channel k, M_k = A_k upsampled to the input, min-max normalised: (U − min) / (max − min
 *       + 1e-8) (a constant channel gives an all-zero mask);
 *   <li>s_k = target score of M_k·x (x the normalised input tensor), for every channel, through the
 *       {@link MaskedScorer} in batches of {@link #BATCH} masked inputs;
 *   <li>w = softmax over channels of s;
 *   <li>map = the base's weighted channel sum ReLU(Σ_k w_k·A_k), upsampled.
 * </ol>
 *
 * Upsampling is the house's bicubic ({@link Bicubic}, as Decom-CAM's masks) where pytorch-grad-cam
 * uses bilinear with aligned corners. Every constant channel masks the input to the same all-zero
 * tensor, so that input is scored once and its score shared by all of them: the weights are those
 * of scoring each, with fewer forwards. A frame costs one masked forward per non-constant channel
 * (plus one), which makes the method far slower than Grad-CAM or Decom-CAM.
 *
 * <p>Wang et al., "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural
 * Networks", CVPR Workshops 2020, <a href="https://arxiv.org/abs/1910.01279">arXiv:1910.01279</a>.
 *
 * <p>Thread-safe.
 */
public final class ScoreCam extends PerFrameMethod {

  /** Masked inputs handed to the scorer per call (it may split them further). */
  static final int BATCH = 32;

  /** pytorch-grad-cam's epsilon in the per-channel min-max. */
  static final float EPS = 1e-8f;

  @Override
  public String name() {
    return "scorecam";
  }

  @Override
  public boolean needsGradients() {
    return false;
  }

  /** None here: Score-CAM's weights come from masked scores, in {@link #frameImage}. */
  @Override
  protected double[] channelWeights(FeatureMaps features) {
    return new double[0];
  }

  @Override
  protected FrameImage frameImage(
      ModelInput input,
      FeatureMaps features,
      double[] unused,
      MaskedScorer scorer,
      StageTimes times) {
    if (scorer == null) {
      throw new IllegalArgumentException(
          "scorecam: a MaskedScorer is required: pass model.scorer(target)");
    }
    double[] scores = channelScores(input, features, scorer, times);
    long t = System.nanoTime();
    double[] weights = softmax(scores);
    float[] map = weightedSum(input, features, weights);
    times.since("combine", t);
    return new FrameImage(map, List.of());
  }

  /** s_k for every channel k: the target score of the input masked by channel k. */
  static double[] channelScores(
      ModelInput input, FeatureMaps features, MaskedScorer scorer, StageTimes times) {
    int c = features.channels();
    double[] scores = new double[c];
    List<Integer> constant = new ArrayList<>();
    List<Integer> pending = new ArrayList<>(BATCH);
    List<ModelInput> batch = new ArrayList<>(BATCH);
    long t = System.nanoTime();
    for (int k = 0; k < c; k++) {
      float[] mask = mask(features, k, input.height(), input.width());
      if (mask == null) {
        constant.add(k);
        continue;
      }
      pending.add(k);
      batch.add(masked(input, mask));
      if (batch.size() == BATCH) {
        t = times.since("masks", t);
        score(scorer, batch, pending, scores);
        t = times.since("scoring", t);
      }
    }
    if (!batch.isEmpty()) {
      t = times.since("masks", t);
      score(scorer, batch, pending, scores);
      t = times.since("scoring", t);
    }
    if (!constant.isEmpty()) {
      ModelInput zero =
          new ModelInput(
              input.channels(), input.height(), input.width(), new float[input.data().length]);
      t = times.since("masks", t);
      float s = scorer.score(List.of(zero))[0];
      for (int k : constant) {
        scores[k] = s;
      }
      times.since("scoring", t);
    }
    return scores;
  }

  private static void score(
      MaskedScorer scorer, List<ModelInput> batch, List<Integer> channels, double[] scores) {
    float[] s = scorer.score(List.copyOf(batch));
    if (s.length != batch.size()) {
      throw new IllegalStateException(
          "scorecam: the scorer returned " + s.length + " scores for " + batch.size() + " inputs");
    }
    for (int i = 0; i < s.length; i++) {
      scores[channels.get(i)] = s[i];
    }
    batch.clear();
    channels.clear();
  }

  /**
   * Channel {@code k} upsampled to outH×outW and min-max normalised as pytorch-grad-cam does; null
   * when it is constant (its mask would be all zeros).
   */
  static float[] mask(FeatureMaps features, int k, int outH, int outW) {
    int hw = features.positions();
    float[] channel = new float[hw];
    System.arraycopy(features.activations(), k * hw, channel, 0, hw);
    float[] up = Bicubic.resize(channel, features.height(), features.width(), outH, outW);
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : up) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (!(max > min)) {
      return null;
    }
    float range = max - min + EPS;
    for (int i = 0; i < up.length; i++) {
      up[i] = (up[i] - min) / range;
    }
    return up;
  }

  /** mask·x, the mask applied to every input channel. */
  static ModelInput masked(ModelInput input, float[] mask) {
    int plane = input.height() * input.width();
    float[] x = input.data();
    float[] out = new float[x.length];
    for (int ch = 0; ch < input.channels(); ch++) {
      int base = ch * plane;
      for (int p = 0; p < plane; p++) {
        out[base + p] = mask[p] * x[base + p];
      }
    }
    return new ModelInput(input.channels(), input.height(), input.width(), out);
  }

  /** exp(s_k − max s) / Σ_j exp(s_j − max s). */
  static double[] softmax(double[] s) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    double[] w = new double[s.length];
    double sum = 0;
    for (int k = 0; k < s.length; k++) {
      w[k] = Math.exp(s[k] - max);
      sum += w[k];
    }
    for (int k = 0; k < s.length; k++) {
      w[k] /= sum;
    }
    return w;
  }
}
