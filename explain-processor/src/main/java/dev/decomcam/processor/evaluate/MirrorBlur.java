package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.ModelInput;

/**
 * The {@code blur} baseline of {@code EVALUATION.md}: each channel blurred by a separable Gaussian
 * of sigma 5 and radius 5 (11 taps, weights normalised to sum 1), borders mirrored without
 * repeating the edge sample ({@code d c b | a b c d | c b a}). Differs on purpose from the
 * processor's {@link dev.decomcam.processor.decom.GaussianBlur} (radius 4 sigma, edge repeated):
 * these are the fixed conventions other implementations are compared with.
 */
public final class MirrorBlur {
  /** Sigma of the baseline's Gaussian, in pixels. */
  public static final double SIGMA = 5;

  /** Taps on each side of the centre. */
  public static final int RADIUS = 5;

  private static final float[] KERNEL = kernel();

  private MirrorBlur() {}

  /** The blurred copy of {@code input}; the input is not modified. */
  public static ModelInput apply(ModelInput input) {
    int h = input.height();
    int w = input.width();
    int plane = h * w;
    float[] src = input.data();
    float[] out = new float[src.length];
    float[] tmp = new float[plane];
    for (int c = 0; c < input.channels(); c++) {
      int base = c * plane;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float acc = 0;
          for (int k = -RADIUS; k <= RADIUS; k++) {
            acc += KERNEL[k + RADIUS] * src[base + y * w + mirror(x + k, w)];
          }
          tmp[y * w + x] = acc;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float acc = 0;
          for (int k = -RADIUS; k <= RADIUS; k++) {
            acc += KERNEL[k + RADIUS] * tmp[mirror(y + k, h) * w + x];
          }
          out[base + y * w + x] = acc;
        }
      }
    }
    return new ModelInput(input.channels(), h, w, out);
  }

  /** Index {@code i} mirrored into [0, n) about the edge samples (period 2(n-1)). */
  static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    int m = Math.floorMod(i, period);
    return m < n ? m : period - m;
  }

  /** A copy of the 11 normalised weights. */
  static float[] weights() {
    return KERNEL.clone();
  }

  private static float[] kernel() {
    double[] k = new double[2 * RADIUS + 1];
    double sum = 0;
    for (int i = -RADIUS; i <= RADIUS; i++) {
      k[i + RADIUS] = Math.exp(-0.5 * i * i / (SIGMA * SIGMA));
      sum += k[i + RADIUS];
    }
    float[] out = new float[k.length];
    for (int i = 0; i < k.length; i++) {
      out[i] = (float) (k[i] / sum);
    }
    return out;
  }
}
