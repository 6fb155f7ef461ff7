package dev.decomcam.processor.decom;

/**
 * Decom-CAM parameters, with the published defaults ({@link #defaults()}): keep the top {@code
 * topK} = 100 channels by gradient weight, decompose into {@code components} = 10 orthogonal
 * saliency maps, blur the removed information with σ = {@code sigma} = 10 px, score masked inputs
 * by the target logit ({@link ScoreMode#LOGIT}) or by its gain over the fully blurred image ({@link
 * ScoreMode#GAIN}), and zero component weights below {@code threshold}.
 */
public record DecomCamConfig(
    int topK, int components, double sigma, ScoreMode scoreMode, double threshold) {

  /** What a masked input's score is. */
  public enum ScoreMode {
    /** The target logit of the masked input (as published). */
    LOGIT,
    /** The target logit minus that of the fully blurred input (scored in the same batch). */
    GAIN
  }

  public DecomCamConfig {
    if (topK < 1) {
      throw new IllegalArgumentException(
          "decomcam config: topK must be >= 1, got " + topK + ": use e.g. 100");
    }
    if (components < 1) {
      throw new IllegalArgumentException(
          "decomcam config: components must be >= 1, got " + components + ": use e.g. 10");
    }
    if (!(sigma > 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException(
          "decomcam config: sigma must be a positive number of pixels, got "
              + sigma
              + ": use e.g. 10");
    }
    if (scoreMode == null) {
      throw new IllegalArgumentException("decomcam config: scoreMode missing: use LOGIT or GAIN");
    }
    if (!(threshold >= 0 && threshold < 1)) {
      throw new IllegalArgumentException(
          "decomcam config: threshold must be in [0, 1), got " + threshold + ": use e.g. 0.001");
    }
  }

  /** topK 100, 10 components, σ 10, LOGIT scores, threshold 0.001. */
  public static DecomCamConfig defaults() {
    return new DecomCamConfig(100, 10, 10.0, ScoreMode.LOGIT, 0.001);
  }

  public DecomCamConfig withTopK(int k) {
    return new DecomCamConfig(k, components, sigma, scoreMode, threshold);
  }

  public DecomCamConfig withComponents(int n) {
    return new DecomCamConfig(topK, n, sigma, scoreMode, threshold);
  }

  public DecomCamConfig withSigma(double s) {
    return new DecomCamConfig(topK, components, s, scoreMode, threshold);
  }

  public DecomCamConfig withScoreMode(ScoreMode m) {
    return new DecomCamConfig(topK, components, sigma, m, threshold);
  }

  public DecomCamConfig withThreshold(double t) {
    return new DecomCamConfig(topK, components, sigma, scoreMode, t);
  }
}
