package dev.decomcam.processor.decom;

import java.util.List;
import java.util.Objects;

/**
 * Base of all class-activation-map methods, in the shape of pytorch-grad-cam's
 * {@code BaseCAM}: {@link #explain} owns the pipeline (channel weights → map at input
 * resolution → ReLU → min-max) and each method overrides one hook:
 * {@link #channelWeights} (how much each channel matters) and, where the map is not a weighted
 * channel sum, {@link #camImage}.
 *
 * <pre>{@code
 * SaliencyMethod m = new DecomCam(DecomCamConfig.defaults());
 * SaliencyResult r = m.explain(input, featureMaps, model.scorer(target));
 * float[] heat = r.saliency();   // r.height() x r.width(), in [0, 1]
 * }</pre>
 *
 * <p>Inputs are never modified. Implementations are thread-safe when their collaborators are.
 */
public abstract class SaliencyMethod {

  /** Timing keys every result carries. */
  static final String[] STAGES = {"weights", "svd", "masks", "blur", "scoring", "combine"};

  /** Short name, e.g. {@code gradcam}, {@code decomcam}. */
  public abstract String name();

  /**
   * {@code full} for a method that explains each frame on its own (the reference), {@code streaming}
   * for one that carries state between frames of a stream.
   */
  public String mode() {
    return "full";
  }

  /**
   * Whether {@link FeatureMaps#gradients()} must hold the target's gradient (otherwise it is
   * ignored). True for the gradient-weighted methods here; a method that overrides
   * {@link #channelWeights} without gradients (Eigen-CAM style) returns false.
   */
  public boolean needsGradients() {
    return true;
  }

  /**
   * Explains the target whose gradient {@code features} carries. {@code scorer} scores masked
   * inputs by the target logit; methods that need none accept {@code null}.
   */
  public final SaliencyResult explain(ModelInput input, FeatureMaps features, MaskedScorer scorer) {
    Objects.requireNonNull(input, "input must not be null");
    Objects.requireNonNull(features, "feature maps must not be null");
    StageTimes times = new StageTimes();
    long start = System.nanoTime();
    double[] weights = channelWeights(features);
    times.since("weights", start);
    return finish(input, features, camImage(input, features, weights, scorer, times), times, start);
  }

  /**
   * The end every method shares: ReLU and min-max of {@code cam}'s map (in place), and the
   * timings ({@code start}: when the frame's work began, for {@code total}).
   */
  protected static SaliencyResult finish(ModelInput input, FeatureMaps features, CamImage cam, StageTimes times,
      long start) {
    long t = System.nanoTime();
    float[] saliency = MinMax.normalizeInPlace(MinMax.reluInPlace(cam.map()));
    times.since("combine", t);
    times.since("total", start);
    times.ensure(STAGES);
    return new SaliencyResult(saliency, input.height(), input.width(), features.height(), features.width(),
        cam.components(), times.snapshot());
  }

  /**
   * Weight per channel (length C). Default: the spatially averaged gradient α_k of Grad-CAM,
   * which Decom-CAM (full and streaming) shares.
   */
  protected double[] channelWeights(FeatureMaps features) {
    return meanGradients(features);
  }

  /**
   * The unnormalised map at input resolution (H×W, a fresh array the base may overwrite) and
   * any components. Default: Grad-CAM's ReLU(Σ_k w_k·A_k) at feature resolution, bicubic-upsampled.
   */
  protected CamImage camImage(ModelInput input, FeatureMaps features, double[] weights, MaskedScorer scorer,
      StageTimes times) {
    long t = System.nanoTime();
    int hw = features.positions();
    float[] a = features.activations();
    double[] sum = new double[hw];
    for (int k = 0; k < features.channels(); k++) {
      double wk = weights[k];
      if (wk == 0) {
        continue;
      }
      int base = k * hw;
      for (int p = 0; p < hw; p++) {
        sum[p] += wk * a[base + p];
      }
    }
    float[] cam = new float[hw];
    for (int p = 0; p < hw; p++) {
      cam[p] = sum[p] > 0 ? (float) sum[p] : 0f;
    }
    float[] up = Bicubic.resize(cam, features.height(), features.width(), input.height(), input.width());
    times.since("combine", t);
    return new CamImage(up, List.of());
  }

  /** Mean over positions of each channel's gradient: alpha_k = (1/hw) Σ_ij G_k(i,j). */
  protected static double[] meanGradients(FeatureMaps features) {
    int hw = features.positions();
    float[] g = features.gradients();
    double[] alpha = new double[features.channels()];
    for (int k = 0; k < alpha.length; k++) {
      double s = 0;
      int base = k * hw;
      for (int p = 0; p < hw; p++) {
        s += g[base + p];
      }
      alpha[k] = s / hw;
    }
    return alpha;
  }

  /** A map at input resolution before the final ReLU and min-max, with the method's components. */
  protected record CamImage(float[] map, List<Ossm> components) {}
}
