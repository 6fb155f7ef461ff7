package dev.decomcam.processor.decom;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A saliency map at input resolution ({@code saliency[y*width + x]}, min-max normalised to [0, 1],
 * all zeros when nothing is salient), the explained layer's resolution, the method's components
 * (Decom-CAM's OSSMs; empty for Grad-CAM) and stage timings in ms (keys {@code weights}, {@code
 * svd}, {@code masks}, {@code blur}, {@code scoring}, {@code combine}, {@code total}; a stage a
 * method does not have reads 0), and how the components relate to the camera's earlier frames
 * ({@link Tracking#untracked} for a method that explains each frame on its own).
 */
public record SaliencyResult(
    float[] saliency,
    int height,
    int width,
    int featureHeight,
    int featureWidth,
    List<Ossm> components,
    Map<String, Double> timingsMs,
    Tracking tracking) {

  public SaliencyResult {
    if (saliency.length != height * width) {
      throw new IllegalArgumentException(
          "saliency has " + saliency.length + " values, expected " + height + "x" + width);
    }
    components = List.copyOf(components);
    timingsMs = Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
    if (tracking.components().size() != components.size()) {
      throw new IllegalArgumentException(
          "saliency result: tracking has "
              + tracking.components().size()
              + " components for "
              + components.size()
              + ": track every component, in the same order");
    }
  }

  /** A result of a frame explained on its own (components numbered by rank). */
  public SaliencyResult(
      float[] saliency,
      int height,
      int width,
      int featureHeight,
      int featureWidth,
      List<Ossm> components,
      Map<String, Double> timingsMs) {
    this(
        saliency,
        height,
        width,
        featureHeight,
        featureWidth,
        components,
        timingsMs,
        Tracking.untracked(components));
  }
}
