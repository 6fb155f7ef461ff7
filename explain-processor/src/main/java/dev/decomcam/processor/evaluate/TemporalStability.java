package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.Correlation;

/**
 * How steady the maps of consecutive video frames are: their Pearson correlation and the IoU of
 * their top-20% regions ({@link PixelOrder#top}, exactly {@code round(0.2*H*W)} pixels each).
 */
public final class TemporalStability {
  /** Share of the pixels in a top region. */
  public static final double TOP_FRACTION = 0.2;

  private TemporalStability() {}

  /** Pearson r of two maps of one size; NaN when either is flat (r is undefined). */
  public static double pearson(float[] a, float[] b) {
    sameSize(a, b);
    return Correlation.pearsonOrNaN(a, b);
  }

  /** IoU of the two maps' top {@value #TOP_FRACTION} regions; 1 when both are empty. */
  public static double topIou(float[] a, float[] b) {
    sameSize(a, b);
    boolean[] ta = PixelOrder.top(a, TOP_FRACTION);
    boolean[] tb = PixelOrder.top(b, TOP_FRACTION);
    int inter = 0;
    int union = 0;
    for (int i = 0; i < ta.length; i++) {
      inter += ta[i] && tb[i] ? 1 : 0;
      union += ta[i] || tb[i] ? 1 : 0;
    }
    return union == 0 ? 1 : inter / (double) union;
  }

  private static void sameSize(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "maps of " + a.length + " and " + b.length + " pixels: compare maps of one size");
    }
  }
}
