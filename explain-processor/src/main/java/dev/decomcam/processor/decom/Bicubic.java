package dev.decomcam.processor.decom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bicubic resampling of a single-channel map, identical in convention to PyTorch's {@code
 * F.interpolate(mode='bicubic', align_corners=False)} without antialiasing: Keys' cubic convolution
 * with a = -0.75, half-pixel centres (src = (dst + 0.5)·in/out − 0.5, not clamped), taps at
 * floor(src)−1 … floor(src)+2 with indices clamped to the border. Reference maps and the Python
 * tooling use that function, so matching it keeps masks comparable number by number.
 *
 * <p>Separable: rows first, then columns. The four taps and weights per output index depend only on
 * the (in, out) sizes, so they are computed once per size pair and cached; a 7×7 → 224×224 upsample
 * is then about 230k multiply-adds in two cache-friendly loops. Values may overshoot the input
 * range (the kernel has negative lobes), as in PyTorch.
 */
public final class Bicubic {

  /** Keys' parameter as used by PyTorch (and OpenCV). */
  static final float A = -0.75f;

  private static final Map<Long, Axis> AXES = new ConcurrentHashMap<>();

  private Bicubic() {}

  /** Per output index: four source indices (border-clamped) and their weights. */
  record Axis(int[] index, float[] weight) {}

  /**
   * Upsamples (or downsamples) {@code src} (h×w, row-major) to outH×outW; {@code src} is not
   * modified.
   */
  public static float[] resize(float[] src, int h, int w, int outH, int outW) {
    if (h <= 0 || w <= 0 || outH <= 0 || outW <= 0 || src.length != h * w) {
      throw new IllegalArgumentException(
          "bicubic resize: map of "
              + src.length
              + " values as "
              + h
              + "x"
              + w
              + " to "
              + outH
              + "x"
              + outW
              + ": sizes must be positive and match the data");
    }
    Axis ax = axis(w, outW);
    Axis ay = axis(h, outH);
    int[] xi = ax.index;
    float[] xw = ax.weight;
    float[] tmp = new float[h * outW];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int o = y * outW;
      for (int x = 0, t = 0; x < outW; x++, t += 4) {
        tmp[o + x] =
            xw[t] * src[row + xi[t]]
                + xw[t + 1] * src[row + xi[t + 1]]
                + xw[t + 2] * src[row + xi[t + 2]]
                + xw[t + 3] * src[row + xi[t + 3]];
      }
    }
    int[] yi = ay.index;
    float[] yw = ay.weight;
    float[] out = new float[outH * outW];
    for (int y = 0, t = 0; y < outH; y++, t += 4) {
      int r0 = yi[t] * outW;
      int r1 = yi[t + 1] * outW;
      int r2 = yi[t + 2] * outW;
      int r3 = yi[t + 3] * outW;
      float w0 = yw[t];
      float w1 = yw[t + 1];
      float w2 = yw[t + 2];
      float w3 = yw[t + 3];
      int o = y * outW;
      for (int x = 0; x < outW; x++) {
        out[o + x] = w0 * tmp[r0 + x] + w1 * tmp[r1 + x] + w2 * tmp[r2 + x] + w3 * tmp[r3 + x];
      }
    }
    return out;
  }

  static Axis axis(int in, int out) {
    return AXES.computeIfAbsent(((long) in << 32) | out, k -> buildAxis(in, out));
  }

  private static Axis buildAxis(int in, int out) {
    int[] index = new int[out * 4];
    float[] weight = new float[out * 4];
    // PyTorch computes the scale and source coordinate in the tensor's float type
    float scale = (float) in / out;
    for (int d = 0; d < out; d++) {
      float real = scale * (d + 0.5f) - 0.5f;
      int i0 = (int) Math.floor(real);
      float t = real - i0;
      float[] c = coefficients(t);
      for (int k = 0; k < 4; k++) {
        index[d * 4 + k] = Math.min(Math.max(i0 - 1 + k, 0), in - 1);
        weight[d * 4 + k] = c[k];
      }
    }
    return new Axis(index, weight);
  }

  /** Weights of the taps at offsets −1, 0, +1, +2 for fractional position t in [0, 1). */
  static float[] coefficients(float t) {
    return new float[] {
      near(t + 1f, true), near(t, false), near(1f - t, false), near(2f - t, true)
    };
  }

  /**
   * Keys' kernel: |x| ≤ 1 branch or 1 < |x| < 2 branch, written as PyTorch's cubic_convolution1/2.
   */
  private static float near(float x, boolean far) {
    if (far) {
      return ((A * x - 5f * A) * x + 8f * A) * x - 4f * A;
    }
    return ((A + 2f) * x - (A + 3f)) * x * x + 1f;
  }
}
