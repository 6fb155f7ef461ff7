package dev.decomcam.processor.decom;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * Decom-CAM: decomposes the gradient-weighted activations of the top-K channels into orthogonal
 * sub-saliency maps (OSSMs, principal components over positions), scores how much target evidence
 * each keeps when the rest of the image is blurred, and combines them by those scores. Steps, as
 * published (alpha = spatially averaged gradient, as in Grad-CAM):
 *
 * <ol>
 *   <li>keep the top-K channels by alpha; X = alpha_k·A_k as positions × channels, columns centred;
 *   <li>SVD; OSSM_i = X·v_i (= u_i·s_i) for the first n, signed so the largest-|value| entry is
 *       positive;
 *   <li>U_i = bicubic-upsampled max(OSSM_i, 0); mask m_i = min-max(U_i);
 *   <li>s_i = target score of m_i·x + (1 − m_i)·blur(x), all n in one scorer call;
 *   <li>w_i = max(s_i, 0)/max_j max(s_j, 0), 0 below the threshold;
 *   <li>saliency = min-max(max(0, Σ w_i·U_i)).
 * </ol>
 *
 * With fewer positions or channels than asked, uses what exists (n ≤ min(h·w − 1, K)).
 *
 * <p>Yang et al., "Decom-CAM: Tell Me What You See, In Details! Feature-Level Interpretation via
 * Decomposition Class Activation Map", <a
 * href="https://arxiv.org/abs/2306.04644">arXiv:2306.04644</a>; Yang et al., "DecomCAM: Advancing
 * Beyond Saliency Maps through Decomposition and Integration", <a
 * href="https://arxiv.org/abs/2405.18882">arXiv:2405.18882</a>.
 *
 * <p>Thread-safe when its {@link Decomposer} is ({@link FullSvd} is).
 */
public final class DecomCam extends PerFrameMethod {

  private final DecomCamConfig config;
  private final Decomposer decomposer;
  private final GaussianBlur blur;

  public DecomCam(DecomCamConfig config) {
    this(config, new FullSvd());
  }

  public DecomCam(DecomCamConfig config, Decomposer decomposer) {
    this.config = Objects.requireNonNull(config, "decomcam config must not be null");
    this.decomposer = Objects.requireNonNull(decomposer, "decomposer must not be null");
    this.blur = new GaussianBlur(config.sigma());
  }

  public DecomCamConfig config() {
    return config;
  }

  @Override
  public String name() {
    return "decomcam";
  }

  @Override
  protected FrameImage frameImage(
      ModelInput input,
      FeatureMaps features,
      double[] alpha,
      MaskedScorer scorer,
      StageTimes times) {
    if (scorer == null) {
      throw new IllegalArgumentException(
          "decomcam: a MaskedScorer is required: pass model.scorer(target)");
    }
    int outH = input.height();
    int outW = input.width();
    int fh = features.height();
    int fw = features.width();

    long t = System.nanoTime();
    int[] channels = PrincipalMaps.topK(alpha, config.topK());
    // centring removes one degree of freedom: at most min(positions - 1, K) non-trivial components
    int n =
        Math.max(
            0, Math.min(config.components(), Math.min(features.positions() - 1, channels.length)));
    DMatrixRMaj x = PrincipalMaps.centred(features, alpha, channels);
    Decomposition d = decomposer.decompose(x, n);
    PrincipalMaps.fixSigns(d);
    n = d.components();
    t = times.since("svd", t);

    float[][] maps = new float[n][];
    float[][] upsampled = new float[n][];
    for (int i = 0; i < n; i++) {
      maps[i] = OssmMaps.map(d, i);
      upsampled[i] = OssmMaps.upsampledClamped(maps[i], fh, fw, outH, outW);
    }
    t = times.since("masks", t);
    if (n == 0) {
      return new FrameImage(new float[outH * outW], List.of());
    }

    ModelInput blurred = blur.apply(input);
    t = times.since("blur", t);
    boolean gain = config.scoreMode() == DecomCamConfig.ScoreMode.GAIN;
    double[] scores = OssmMaps.score(input, blurred, List.of(upsampled), scorer, gain);
    t = times.since("scoring", t);

    double[] weights = ComponentWeights.maxNormalised(scores, config.threshold());
    float[] sum = OssmMaps.combine(upsampled, weights, outH * outW);
    List<Ossm> components = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      components.add(
          new Ossm(i, fh, fw, maps[i], d.singularValues()[i], d.energy(i), scores[i], weights[i]));
    }
    times.since("combine", t);
    return new FrameImage(sum, components);
  }
}
