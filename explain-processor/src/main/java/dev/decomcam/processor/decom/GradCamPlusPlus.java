package dev.decomcam.processor.decom;

/**
 * Grad-CAM++: like {@link GradCam}, but each channel's weight sums the positive gradient over
 * positions, each position weighted by alpha_ij = g² / (2g² + Σ_ab A(a,b)·g³ + ε) (ε = 1e-6, alpha
 * 0 where g = 0), so small positive evidence spread over several locations counts more than in the
 * plain mean. Written as pytorch-grad-cam's {@code GradCAMPlusPlus} (its equation-19 weights, from
 * the gradients the model already gives); the map is the base's weighted channel sum.
 *
 * <p>Chattopadhay et al., "Grad-CAM++: Generalized Gradient-based Visual Explanations for Deep
 * Convolutional Networks", WACV 2018, <a
 * href="https://arxiv.org/abs/1710.11063">arXiv:1710.11063</a>.
 */
public final class GradCamPlusPlus extends PerFrameMethod {

  /** pytorch-grad-cam's epsilon in the denominator of alpha. */
  static final double EPS = 1e-6;

  @Override
  public String name() {
    return "gradcampp";
  }

  /** w_k = Σ_ij alpha_k(i,j)·max(G_k(i,j), 0). */
  @Override
  protected double[] channelWeights(FeatureMaps features) {
    int hw = features.positions();
    float[] a = features.activations();
    float[] g = features.gradients();
    double[] w = new double[features.channels()];
    for (int k = 0; k < w.length; k++) {
      int base = k * hw;
      double sumA = 0;
      for (int p = 0; p < hw; p++) {
        sumA += a[base + p];
      }
      double s = 0;
      for (int p = 0; p < hw; p++) {
        double gk = g[base + p];
        if (gk <= 0) {
          continue; // max(g, 0) = 0 (and alpha = 0 where g = 0)
        }
        double g2 = gk * gk;
        double alpha = g2 / (2 * g2 + sumA * g2 * gk + EPS);
        s += alpha * gk;
      }
      w[k] = s;
    }
    return w;
  }
  // the map (ReLU of the weighted channel sum, upsampled) is the base's default
}
