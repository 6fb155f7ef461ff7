package dev.decomcam.processor.decom;

/**
 * A small fingerprint of a frame's activations for scene-cut detection: the C channels are
 * projected onto 16 fixed pseudo-random ±1 directions (a Johnson–Lindenstrauss sketch, so the
 * cosine of two signatures approximates that of the full activation tensors) and each
 * projected map is centred over positions. Centring removes the mean activation every image
 * shares, so two unrelated scenes score near 0 while consecutive frames of one shot score near
 * 1. It uses all channels, not the sticky top-K set, so it stays comparable when that set changes.
 */
final class SceneSignature {

  static final int DIMENSIONS = 16;

  private SceneSignature() {}

  static float[] of(FeatureMaps f) {
    int hw = f.positions();
    float[] a = f.activations();
    double[] acc = new double[DIMENSIONS * hw];
    for (int c = 0; c < f.channels(); c++) {
      int base = c * hw;
      for (int j = 0; j < DIMENSIONS; j++) {
        boolean plus = (mix(c * 0x9E3779B97F4A7C15L + j) & 1) == 0;
        int row = j * hw;
        for (int p = 0; p < hw; p++) {
          acc[row + p] += plus ? a[base + p] : -a[base + p];
        }
      }
    }
    float[] out = new float[acc.length];
    for (int j = 0; j < DIMENSIONS; j++) {
      double mean = 0;
      for (int p = 0; p < hw; p++) {
        mean += acc[j * hw + p];
      }
      mean /= hw;
      for (int p = 0; p < hw; p++) {
        out[j * hw + p] = (float) (acc[j * hw + p] - mean);
      }
    }
    return out;
  }

  /** SplitMix64's finaliser: a well-mixed fixed hash, so the directions need no stored seed. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
