package dev.decomcam.processor.engine;

/**
 * What the load-time check ({@link ModelVerifier}) established about a model: its number of classes
 * and, for {@code gap-linear} heads, the head whose analytic gradient replaces autograd.
 *
 * @param id the model's id, for error messages
 * @param classes number of logits, equal to the spec's labels
 * @param head the GAP+linear head; null for a {@code general} head (autograd)
 */
record VerifiedModel(String id, int classes, GapLinearHead head) {

  VerifiedModel {
    if (classes < 1) {
      throw new IllegalArgumentException(
          "model " + id + " has " + classes + " classes: it must output logits");
    }
  }

  /** Whether the gradient is analytic (no backward pass, so frames can share one engine call). */
  boolean analyticGradient() {
    return head != null;
  }

  /** {@code target}, after checking it names one of the classes. */
  int checkTarget(int target) {
    if (target < 0 || target >= classes) {
      throw new IllegalArgumentException(
          "target class " + target + " is outside 0.." + (classes - 1) + " of model " + id);
    }
    return target;
  }
}
