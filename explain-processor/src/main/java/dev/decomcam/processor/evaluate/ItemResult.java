package dev.decomcam.processor.evaluate;

/**
 * One item's (image's or frame's) metrics for one method; NaN where a metric does not apply (no
 * box, no previous frame).
 *
 * @param item the file name without its extension, or {@code VIDEO#frame}
 * @param label the true class, or -1 when unknown
 * @param confidence softmax probability of the predicted class
 * @param averageDrop {@code 100 * max(0, Y - O) / Y} (its mean over items is the average drop %)
 * @param increaseInConfidence 100 when {@code O > Y}, else 0 (its mean is the increase %)
 * @param pointingGame 1 for a hit, 0 for a miss
 * @param temporalPearson Pearson r with the previous frame's map
 * @param temporalIou top-20% IoU with the previous frame's map
 * @param afterCut a scene cut lies between this frame and the previous one (its pair is left out)
 */
public record ItemResult(
    String item,
    String method,
    int target,
    int predicted,
    int label,
    double confidence,
    double deletionAuc,
    double insertionAuc,
    double averageDrop,
    double increaseInConfidence,
    double pointingGame,
    double energyPointingGame,
    double temporalPearson,
    double temporalIou,
    boolean afterCut) {

  /** Null when the label is unknown, else whether the prediction is the label. */
  public Boolean correct() {
    return label < 0 ? null : predicted == label;
  }

  public double insMinusDel() {
    return insertionAuc - deletionAuc;
  }

  /** The item's confidence decile name. */
  public String decile() {
    return Subsets.decileName(Subsets.decile(confidence));
  }
}
