package dev.decomcam.processor.evaluate;

import dev.decomcam.processor.decom.ModelInput;
import java.util.List;

/**
 * One item's share of average drop and increase in confidence (Chattopadhay et al., Grad-CAM++,
 * 2018): {@code y} the target's probability on the image, {@code o} on the explanation image {@code
 * E = S ⊙ I} (see {@link #explanationImage}). Average drop % is {@code 100 * mean(drop())},
 * increase in confidence % is {@code 100 * mean(increased())}, over the items of a subset.
 */
public record ConfidenceChange(double y, double o) {

  /** Measures one item: the image's and the explanation image's score of {@code target}. */
  public static ConfidenceChange measure(
      ModelInput image, float[] map, float[] mean, float[] std, int target, ClassScores model) {
    ModelInput e = explanationImage(image, map, mean, std);
    float[] s = model.score(List.of(image, e), target);
    return new ConfidenceChange(s[0], s[1]);
  }

  /** {@code max(0, y - o) / y}; 0 when {@code y} is 0. */
  public double drop() {
    return y > 0 ? Math.max(0, y - o) / y : 0;
  }

  /** {@code o > y}. */
  public boolean increased() {
    return o > y;
  }

  /**
   * {@code E = S ⊙ I} in raw [0, 1] pixel space ({@code I = x * std + mean}), {@code S} the map
   * min-max normalised to [0, 1] (all zeros when flat), then normalised back like any input.
   */
  public static ModelInput explanationImage(
      ModelInput image, float[] map, float[] mean, float[] std) {
    Normalisation.check(image, mean, std);
    int plane = image.height() * image.width();
    if (map.length != plane) {
      throw new IllegalArgumentException(
          "map of " + map.length + " pixels for an input of " + plane + ": give it at input size");
    }
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float v : map) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    float range = hi - lo;
    float[] x = image.data();
    float[] out = new float[x.length];
    for (int c = 0; c < image.channels(); c++) {
      for (int p = 0; p < plane; p++) {
        float s = range > 0 ? (map[p] - lo) / range : 0f;
        float raw = x[c * plane + p] * std[c] + mean[c];
        out[c * plane + p] = (s * raw - mean[c]) / std[c];
      }
    }
    return new ModelInput(image.channels(), image.height(), image.width(), out);
  }
}
