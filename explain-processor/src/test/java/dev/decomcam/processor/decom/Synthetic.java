package dev.decomcam.processor.decom;

import java.util.List;
import java.util.Random;

/**
 * Hand-made inputs for tests: a random normalised image and feature maps with spatial structure.
 */
final class Synthetic {

  private Synthetic() {}

  static ModelInput image(long seed, int h, int w) {
    Random r = new Random(seed);
    float[] d = new float[3 * h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return new ModelInput(3, h, w, d);
  }

  /**
   * Channels are blobs at random centres with random gains; gradients random with a positive bias.
   */
  static FeatureMaps features(long seed, int c, int h, int w) {
    Random r = new Random(seed);
    float[] a = new float[c * h * w];
    float[] g = new float[c * h * w];
    for (int k = 0; k < c; k++) {
      double cy = r.nextDouble() * h;
      double cx = r.nextDouble() * w;
      double gain = r.nextDouble() * 3;
      double bias = r.nextGaussian() * 0.01 + 0.002;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
          a[k * h * w + y * w + x] =
              (float) Math.max(0, gain * Math.exp(-d2 / 4) + r.nextGaussian() * 0.05);
          g[k * h * w + y * w + x] = (float) (bias + r.nextGaussian() * 0.001);
        }
      }
    }
    return new FeatureMaps(c, h, w, a, g);
  }

  /** A deterministic scorer: mean of channel 0 over the top-left quadrant, plus a constant. */
  static MaskedScorer quadrantScorer() {
    return (List<ModelInput> batch) -> {
      float[] out = new float[batch.size()];
      for (int i = 0; i < out.length; i++) {
        ModelInput m = batch.get(i);
        double s = 0;
        for (int y = 0; y < m.height() / 2; y++) {
          for (int x = 0; x < m.width() / 2; x++) {
            s += m.data()[y * m.width() + x];
          }
        }
        out[i] = (float) (1 + s / (m.height() * m.width() / 4.0));
      }
      return out;
    };
  }
}
