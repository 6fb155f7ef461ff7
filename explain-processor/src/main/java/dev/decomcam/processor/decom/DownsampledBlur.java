package dev.decomcam.processor.decom;

/**
 * The Gaussian blur of {@link GaussianBlur} computed at 1/f resolution: box-average f×f blocks,
 * blur with σ/f, upsample bilinearly (half-pixel centres, edges clamped). A blur of σ ≥ 4f keeps
 * no detail finer than f pixels, so the result stays within about 1% of the exact blur at roughly
 * 1/f³ of the cost. Streaming Decom-CAM uses it for its masked-input baseline, which it builds
 * on every scoring round; full Decom-CAM keeps the exact blur (it is the published reference).
 * Immutable and thread-safe.
 */
final class DownsampledBlur {
  private final int factor;
  private final GaussianBlur exact;
  private final GaussianBlur small;

  DownsampledBlur(double sigma) {
    this.factor = Math.max(1, (int) Math.floor(sigma / 4));
    this.exact = new GaussianBlur(sigma);
    this.small = factor == 1 ? exact : new GaussianBlur(sigma / factor);
  }

  int factor() {
    return factor;
  }

  ModelInput apply(ModelInput input) {
    if (factor == 1) {
      return exact.apply(input);
    }
    int h = input.height();
    int w = input.width();
    int sh = (h + factor - 1) / factor;
    int sw = (w + factor - 1) / factor;
    int c = input.channels();
    float[] src = input.data();
    float[] down = new float[c * sh * sw];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < sh; y++) {
        for (int x = 0; x < sw; x++) {
          float sum = 0;
          int n = 0;
          for (int dy = 0; dy < factor && y * factor + dy < h; dy++) {
            int row = ch * h * w + (y * factor + dy) * w;
            for (int dx = 0; dx < factor && x * factor + dx < w; dx++) {
              sum += src[row + x * factor + dx];
              n++;
            }
          }
          down[ch * sh * sw + y * sw + x] = sum / n;
        }
      }
    }
    float[] blurred = small.apply(new ModelInput(c, sh, sw, down)).data();
    float[] out = new float[src.length];
    for (int y = 0; y < h; y++) {
      double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) / factor - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(sh - 1, y0 + 1);
      float wy = (float) (fy - y0);
      for (int x = 0; x < w; x++) {
        double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) / factor - 0.5));
        int x0 = (int) fx;
        int x1 = Math.min(sw - 1, x0 + 1);
        float wx = (float) (fx - x0);
        for (int ch = 0; ch < c; ch++) {
          int p = ch * sh * sw;
          float top = blurred[p + y0 * sw + x0] * (1 - wx) + blurred[p + y0 * sw + x1] * wx;
          float bottom = blurred[p + y1 * sw + x0] * (1 - wx) + blurred[p + y1 * sw + x1] * wx;
          out[ch * h * w + y * w + x] = top * (1 - wy) + bottom * wy;
        }
      }
    }
    return new ModelInput(c, h, w, out);
  }
}
