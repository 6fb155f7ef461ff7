package dev.decomcam.processor.engine;

/**
 * The weights of a "global average pool + linear" head, logits = W · mean_ij(A[:,i,j]) + b. Its
 * gradient is analytic and the same for every position: dlogit_t/dA[k,i,j] = W[t,k]/(h*w), so the
 * explained model needs no autograd (which DJL allows only once per JVM at a time).
 */
final class GapLinearHead {

  private final float[] weight;
  private final float[] bias;
  private final int classes;
  private final int channels;

  /**
   * {@code weight} is {@code [classes, channels]} row-major; {@code bias} has {@code classes}
   * values.
   */
  GapLinearHead(float[] weight, float[] bias, int classes, int channels) {
    if (weight.length != classes * channels || bias.length != classes) {
      throw new IllegalArgumentException(
          "head weight must be "
              + classes
              + "x"
              + channels
              + " and bias "
              + classes
              + ", got "
              + weight.length
              + " and "
              + bias.length);
    }
    this.weight = weight;
    this.bias = bias;
    this.classes = classes;
    this.channels = channels;
  }

  int classes() {
    return classes;
  }

  int channels() {
    return channels;
  }

  /** G[k*positions + p] = W[target,k] / positions (layout of {@code FeatureMaps}). */
  float[] gradient(int target, int positions) {
    float[] g = new float[channels * positions];
    int row = target * channels;
    for (int k = 0; k < channels; k++) {
      float v = weight[row + k] / positions;
      java.util.Arrays.fill(g, k * positions, (k + 1) * positions, v);
    }
    return g;
  }

  /**
   * Largest |W·gap(A) + b - logits| over the classes for one image: near 0 when the head really is
   * GAP + linear, which {@link ModelLoader} checks once at load.
   */
  double residual(float[] activations, int positions, float[] logits) {
    double[] gap = new double[channels];
    for (int k = 0; k < channels; k++) {
      double s = 0;
      for (int p = 0; p < positions; p++) {
        s += activations[k * positions + p];
      }
      gap[k] = s / positions;
    }
    double worst = 0;
    for (int t = 0; t < classes; t++) {
      double z = bias[t];
      for (int k = 0; k < channels; k++) {
        z += weight[t * channels + k] * gap[k];
      }
      worst = Math.max(worst, Math.abs(z - logits[t]));
    }
    return worst;
  }
}
