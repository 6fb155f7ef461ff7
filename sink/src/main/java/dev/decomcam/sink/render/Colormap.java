package dev.decomcam.sink.render;

/**
 * Maps values in [0,1] to RGB with Google's Turbo colormap: perceptually smooth like viridis but
 * with jet's full hue range, so both low and high saliency stay distinguishable on video. Uses the
 * degree-5 polynomial fit by Ruofei Du (Apache 2.0,
 * https://gist.github.com/mikhailov-work/0d177465a8151eb6ede1768d51d476c7), tabulated at 256
 * levels.
 */
public final class Colormap {
  private static final int[] TURBO = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      double x = i / 255.0;
      double x2 = x * x;
      double x3 = x2 * x;
      double x4 = x2 * x2;
      double x5 = x4 * x;
      double r =
          0.13572138
              + 4.61539260 * x
              - 42.66032258 * x2
              + 132.13108234 * x3
              - 152.94239396 * x4
              + 59.28637943 * x5;
      double g =
          0.09140261
              + 2.19418839 * x
              + 4.84296658 * x2
              - 14.18503333 * x3
              + 4.27729857 * x4
              + 2.82956604 * x5;
      double b =
          0.10667330
              + 12.64194608 * x
              - 60.58204836 * x2
              + 110.36276771 * x3
              - 89.90310912 * x4
              + 27.34824973 * x5;
      TURBO[i] = (channel(r) << 16) | (channel(g) << 8) | channel(b);
    }
  }

  private Colormap() {}

  private static int channel(double v) {
    return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
  }

  /**
   * Packed 0xRRGGBB of level {@code i} in 0..255, the colour {@link #turbo} gives {@code i / 255}.
   */
  static int turboLevel(int i) {
    return TURBO[i];
  }

  /**
   * The level in 0..255 whose colour {@link #turbo} gives {@code v}: {@code v} clamped to [0,1] and
   * rounded to 255ths, NaN to 0.
   */
  static int level(double v) {
    if (!(v > 0)) {
      return 0;
    }
    return (int) Math.round(Math.min(1, v) * 255);
  }

  /** Packed 0xRRGGBB for a value in [0,1]; values outside are clamped, NaN maps to 0. */
  public static int turbo(double v) {
    return TURBO[level(v)];
  }
}
