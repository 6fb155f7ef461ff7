package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.ComponentTracker;
import java.util.Locale;

/**
 * Decides whether a camera's frame starts afresh (its components, ids and scores dropped): on its
 * first frame, when the feature shape or the target class changed, or on a scene cut, when the
 * cosine between this frame's {@link SceneSignature} and the previous one falls below {@code
 * threshold}. A state restored from an older release may hold a signature of another length: it is
 * not comparable, so no cut is declared on it.
 */
final class ResetDetector {

  /**
   * Why the frame resets ({@code reason} null: it does not) and the scene similarity (NaN when not
   * measured).
   */
  record Verdict(String reason, double sceneSimilarity) {

    boolean reset() {
      return reason != null;
    }
  }

  private final double threshold;

  ResetDetector(double threshold) {
    this.threshold = threshold;
  }

  Verdict check(StreamingState previous, FeatureMaps f, float[] scene, int targetClass) {
    if (previous.isCold()) {
      return new Verdict("start", Double.NaN);
    }
    if (!previous.sameShape(f)) {
      return new Verdict(
          "feature shape changed from "
              + previous.featureChannels()
              + "x"
              + previous.featureHeight()
              + "x"
              + previous.featureWidth()
              + " to "
              + f.channels()
              + "x"
              + f.height()
              + "x"
              + f.width(),
          Double.NaN);
    }
    if (previous.targetClass() != targetClass) {
      return new Verdict(
          "target class changed from " + previous.targetClass() + " to " + targetClass, Double.NaN);
    }
    if (previous.scene().length != scene.length) {
      return new Verdict(null, Double.NaN);
    }
    double similarity = ComponentTracker.cosine(scene, previous.scene());
    String reason =
        similarity < threshold
            ? String.format(
                Locale.ROOT, "scene cut: activation similarity %.2f < %.2f", similarity, threshold)
            : null;
    return new Verdict(reason, similarity);
  }
}
