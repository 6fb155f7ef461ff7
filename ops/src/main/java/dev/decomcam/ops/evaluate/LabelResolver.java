package dev.decomcam.ops.evaluate;

import java.util.List;
import java.util.Locale;

/**
 * Turns a label as written in an input (a class index, a class name, or an ImageNet-style name's
 * first synonym, e.g. {@code bald eagle} for {@code bald eagle, American eagle, ...}) into the
 * model's class index.
 */
final class LabelResolver {
  private final List<String> labels;

  LabelResolver(List<String> labels) {
    this.labels = labels;
  }

  /** The class index; -1 for an empty label (unknown); throws for a label the model lacks. */
  int resolve(String label, String where) {
    String l = label.trim();
    if (l.isEmpty()) {
      return -1;
    }
    if (l.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(l);
      if (i < labels.size()) {
        return i;
      }
      throw new IllegalArgumentException(
          where + ": class index " + i + " is out of range: the model has " + labels.size());
    }
    String key = l.toLowerCase(Locale.ROOT);
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.get(i).toLowerCase(Locale.ROOT);
      if (name.equals(key) || name.split(",")[0].trim().equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        where
            + ": label '"
            + l
            + "' is not a class of the model: give a class index or one of its labels");
  }
}
