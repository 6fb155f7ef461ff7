package dev.decomcam.processor.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subsets of the Decom-CAM protocol: ten deciles of the predicted class's probability, {@code
 * [0.0, 0.1)} … {@code [0.9, 1.0]}, correct and wrong where a label exists, and overall.
 */
public final class Subsets {
  public static final String OVERALL = "overall";
  public static final String CORRECT = "correct";
  public static final String WRONG = "wrong";

  private Subsets() {}

  /** Decile 0..9 of a probability: {@code [k/10, (k+1)/10)}, the last one closed (1.0 in 9). */
  public static int decile(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "confidence " + p + " is not a probability: give the softmax probability in [0, 1]");
    }
    int k = (int) Math.floor(p * 10);
    // p*10 may round across an edge: settle on the exact comparison with k/10
    if (k < 10 && p >= (k + 1) / 10.0) {
      k++;
    }
    if (k > 0 && p < k / 10.0) {
      k--;
    }
    return Math.min(9, k);
  }

  /** The decile's name, e.g. {@code conf 0.3-0.4}. */
  public static String decileName(int k) {
    return String.format(Locale.ROOT, "conf %.1f-%.1f", k / 10.0, (k + 1) / 10.0);
  }

  /** Every subset name in report order: overall, correct, wrong, then the ten deciles. */
  public static List<String> all() {
    List<String> out = new ArrayList<>(List.of(OVERALL, CORRECT, WRONG));
    for (int k = 0; k < 10; k++) {
      out.add(decileName(k));
    }
    return out;
  }

  /**
   * The subsets an item belongs to: overall, correct or wrong when {@code correct} is not null, and
   * its confidence decile.
   */
  public static List<String> of(double confidence, Boolean correct) {
    List<String> out = new ArrayList<>(3);
    out.add(OVERALL);
    if (correct != null) {
      out.add(correct ? CORRECT : WRONG);
    }
    out.add(decileName(decile(confidence)));
    return out;
  }
}
