package dev.decomcam.processor.evaluate;

import java.util.Arrays;

/**
 * The order in which the metrics take a map's pixels: saliency descending, ties broken by ascending
 * row-major index {@code y*W + x} (a stable sort of {@code -s}), as {@code EVALUATION.md} fixes it.
 */
public final class PixelOrder {
  private PixelOrder() {}

  /** Flat pixel indices of {@code map}, most salient first, ties by ascending index. */
  public static int[] descending(float[] map) {
    Integer[] idx = new Integer[map.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort: equal saliency keeps ascending index
    Arrays.sort(idx, (a, b) -> Float.compare(map[b], map[a]));
    int[] out = new int[idx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /**
   * The top region of {@code map}: exactly {@code round(fraction * n)} pixels, the first ones of
   * {@link #descending}.
   */
  public static boolean[] top(float[] map, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "top region fraction " + fraction + " is out of range: give a value in [0, 1]");
    }
    int[] order = descending(map);
    int k = (int) Math.round(fraction * map.length);
    boolean[] in = new boolean[map.length];
    for (int i = 0; i < k; i++) {
      in[order[i]] = true;
    }
    return in;
  }
}
