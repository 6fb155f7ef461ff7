package dev.decomcam.processor.evaluate;

import java.util.function.ToDoubleFunction;

/** The per-item metrics, named as the CSV columns of {@code EVALUATION.md}. */
public enum Metric {
  DELETION_AUC("deletion_auc", ItemResult::deletionAuc),
  INSERTION_AUC("insertion_auc", ItemResult::insertionAuc),
  INS_MINUS_DEL("ins_minus_del", ItemResult::insMinusDel),
  AVERAGE_DROP("average_drop", ItemResult::averageDrop),
  INCREASE_IN_CONFIDENCE("increase_in_confidence", ItemResult::increaseInConfidence),
  POINTING_GAME("pointing_game", ItemResult::pointingGame),
  ENERGY_POINTING_GAME("energy_pointing_game", ItemResult::energyPointingGame),
  TEMPORAL_PEARSON("temporal_pearson", ItemResult::temporalPearson),
  TEMPORAL_IOU("temporal_iou", ItemResult::temporalIou);

  private final String column;
  private final ToDoubleFunction<ItemResult> value;

  Metric(String column, ToDoubleFunction<ItemResult> value) {
    this.column = column;
    this.value = value;
  }

  public String column() {
    return column;
  }

  /** The item's value, NaN when the metric does not apply to it. */
  public double of(ItemResult r) {
    return value.applyAsDouble(r);
  }
}
